import type { Metadata } from "next";
import { headers } from "next/headers";
import Link from "next/link";
import { guardPage, requireUser } from "@/lib/auth/guards";
import { previewJoinCode, type JoinPreview } from "@/lib/classes/classes";
import { formatJoinCode, normalizeJoinCode } from "@/lib/classes/join-code";
import { NotFoundError, TooManyRequestsError } from "@/lib/errors";
import { clientIp } from "@/lib/http/client-ip";
import { formStyles } from "@/app/_components/forms/Field";
import { JoinForm } from "../JoinForm";

export const metadata: Metadata = { title: "Join a class" };

type Props = { params: Promise<{ code: string }> };

type Lookup = { preview: JoinPreview } | { problem: string };

async function lookUp(user: Parameters<typeof previewJoinCode>[0], code: string): Promise<Lookup> {
  try {
    return { preview: await previewJoinCode(user, { code }, clientIp(await headers())) };
  } catch (error) {
    if (error instanceof NotFoundError) return { problem: error.message };
    if (error instanceof TooManyRequestsError) {
      return { problem: `Too many join attempts. Try again in ${Math.max(1, Math.ceil((error.retryAfterSeconds ?? 60) / 60))} minutes.` };
    }
    throw error;
  }
}

/**
 * A join link. A signed-in student sees which class it is (name, term, course, instructors) before
 * joining; the look-up is throttled as joins are, so links cannot be used to probe codes any faster.
 * Signed-out visitors are sent to sign in (or sign up) first and come back here.
 */
export default async function JoinLinkPage({ params }: Props) {
  const { code: raw } = await params;
  const user = await guardPage(() => requireUser());
  // Next has already decoded the segment; decoding again would throw on a lone '%'.
  const code = normalizeJoinCode(raw);
  if (user.role !== "student") {
    return (
      <div className={`${formStyles.page} ${formStyles.inShell}`}>
        <h1 className={formStyles.title}>Join a class</h1>
        <p className={formStyles.lead}>Only student accounts can join a class. You are signed in as {user.email}.</p>
      </div>
    );
  }
  if (!code) {
    return (
      <div className={`${formStyles.page} ${formStyles.inShell}`}>
        <h1 className={formStyles.title}>Join a class</h1>
        <p className={formStyles.alert} role="alert">
          This link does not hold a valid join code.
        </p>
        <p>
          <Link href="/join">Type the code instead</Link>
        </p>
      </div>
    );
  }
  const lookup = await lookUp(user, code);
  if ("problem" in lookup) {
    return (
      <div className={`${formStyles.page} ${formStyles.inShell}`}>
        <h1 className={formStyles.title}>Join a class</h1>
        <p className={formStyles.alert} role="alert">
          {lookup.problem}
        </p>
        <p>
          <Link href="/join">Type a code instead</Link>
        </p>
      </div>
    );
  }
  const { class: cls, alreadyEnrolled } = lookup.preview;
  return (
    <div className={`${formStyles.page} ${formStyles.inShell}`}>
      <h1 className={formStyles.title}>Join {cls.name}</h1>
      <dl className={`${formStyles.card} ${formStyles.facts}`} data-testid="join-preview">
        <dt>Class</dt>
        <dd>{cls.name}</dd>
        <dt>Term</dt>
        <dd>{cls.term}</dd>
        <dt>Course</dt>
        <dd>{cls.course.title}</dd>
        <dt>{cls.instructors.length === 1 ? "Instructor" : "Instructors"}</dt>
        <dd>{cls.instructors.join(", ")}</dd>
      </dl>
      {alreadyEnrolled ? (
        <p className={formStyles.notice} role="status">
          You are already in this class. <Link href="/dashboard">Go to your dashboard</Link>
        </p>
      ) : (
        <>
          <p className={formStyles.lead}>Signed in as {user.email}. Your instructors will see your name, your email and your progress in this course.</p>
          <JoinForm code={code} display={formatJoinCode(code)} />
        </>
      )}
    </div>
  );
}
