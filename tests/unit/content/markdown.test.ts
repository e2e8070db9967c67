import { describe, expect, it } from "vitest";
import { renderMarkdown } from "@/lib/content";

describe("renderMarkdown", () => {
  it("renders headings, paragraphs, emphasis, lists, blockquotes and links", () => {
    const markdown = [
      "# Title",
      "",
      "Some *emphasis*, **strength**, _more_ and `code`.",
      "Same paragraph.",
      "",
      "1. first",
      "2. second",
      "   continued",
      "",
      "> “Quoted” text (Author, 2011).",
      "",
      "See [the hotline](tel:+18883737888).",
    ].join("\n");
    expect(renderMarkdown(markdown)).toBe(
      [
        "<h1>Title</h1>",
        "<p>Some <em>emphasis</em>, <strong>strength</strong>, <em>more</em> and <code>code</code>.\nSame paragraph.</p>",
        "<ol>\n<li>first</li>\n<li>second\ncontinued</li>\n</ol>",
        "<blockquote>\n<p>“Quoted” text (Author, 2011).</p>\n</blockquote>",
        '<p>See <a href="tel:+18883737888">the hotline</a>.</p>',
      ].join("\n"),
    );
  });

  it("escapes all HTML, including inside emphasis, code and link labels", () => {
    expect(renderMarkdown('<script>alert("x")</script> *<b>* `<i>` [<u>](https://example.org/?a=1&b="2")')).toBe(
      '<p>&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; <em>&lt;b&gt;</em> <code>&lt;i&gt;</code> <a href="https://example.org/?a=1&amp;b=&quot;2&quot;">&lt;u&gt;</a></p>',
    );
  });

  it("drops links with unsafe schemes but keeps their text", () => {
    expect(renderMarkdown("[click](javascript:alert) [data](data:text/html,x)")).toBe("<p>click data</p>");
  });

  it("leaves underscores inside words alone", () => {
    expect(renderMarkdown("snake_case_name")).toBe("<p>snake_case_name</p>");
  });
});
