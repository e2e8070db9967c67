import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { homePathFor } from "@/lib/auth/paths";
import { getSessionUser } from "@/lib/auth/session";
import styles from "@/app/_components/landing/landing.module.css";

export const metadata: Metadata = {
  title: { absolute: "Retain: short lessons and flashcards that keep what you learn" },
};

const STEPS = [
  { title: "Read a short lesson", text: "Each lesson takes a few minutes and cites the course text it comes from." },
  {
    title: "Answer a few cards a day",
    text: "One idea per card. Say the answer to yourself, then check it and tap how well you knew it.",
  },
  {
    title: "Come back when it is due",
    text: "Cards return just before you would forget them, so a few minutes a day keeps a whole course.",
  },
];

export default async function HomePage() {
  const user = await getSessionUser();
  // Signed in, everyone starts at their own home: students study, instructors see their classes.
  if (user) redirect(homePathFor(user.role));
  return (
    <div className={styles.page}>
      <header className={styles.header}>
        <span className={styles.brand}>
          <span className={styles.mark} aria-hidden="true">
            R
          </span>
          Retain
        </span>
        <Link className={styles.headerLink} href="/signin">
          Sign in
        </Link>
      </header>
      <main id="main" className={styles.main}>
        <section className={styles.hero} aria-labelledby="hero-heading">
          <div className={styles.heroText}>
            <h1 id="hero-heading" className={styles.title}>
              Retain: learn it once, keep it for good
            </h1>
            <p className={styles.lead}>
              Short lessons and flashcards for your course, scheduled for your memory. A few minutes a day on your
              phone, online or offline, and what you learned in class stays learned.
            </p>
            <div className={styles.actions}>
              <Link className={styles.primary} href="/signup">
                Create an account
              </Link>
              <Link className={styles.secondary} href="/signin">
                Sign in
              </Link>
            </div>
            <p className={styles.small}>
              Free for students of a class. Have a join code? Create an account, then join your class.
            </p>
          </div>
          <figure className={styles.shot}>
            <picture>
              <source srcSet="/landing/review-dark.jpg" media="(prefers-color-scheme: dark)" />
              <img
                src="/landing/review-light.jpg"
                width={390}
                height={844}
                alt="The review screen on a phone: a flashcard's answer with the four buttons Again, Hard, Good and Easy under it."
                fetchPriority="high"
              />
            </picture>
            <figcaption className={styles.caption}>
              The review screen: one card, one answer, four buttons in reach of your thumb.
            </figcaption>
          </figure>
        </section>

        <section className={styles.section} aria-labelledby="how-heading">
          <h2 id="how-heading">How it works</h2>
          <ol className={styles.steps}>
            {STEPS.map((step, index) => (
              <li key={step.title} className={styles.step}>
                <span className={styles.stepNumber} aria-hidden="true">
                  {index + 1}
                </span>
                <h3>{step.title}</h3>
                <p>{step.text}</p>
              </li>
            ))}
          </ol>
        </section>

        <section className={styles.section} aria-labelledby="who-heading">
          <h2 id="who-heading" className="visually-hidden">
            For students and instructors
          </h2>
          <div className={styles.audiences}>
            <div className={styles.audience}>
              <h3>For students</h3>
              <ul>
                <li>See what is due today and what to do next, per course.</li>
                <li>Mastery per lesson, a streak, and a summary after every session.</li>
                <li>Review on the bus: answers save on your phone and sync when you are back online.</li>
              </ul>
              <Link className={styles.primary} href="/signup">
                Start studying
              </Link>
            </div>
            <div className={styles.audience}>
              <h3>For instructors</h3>
              <ul>
                <li>Create a class and share one join link.</li>
                <li>Assign lessons with due dates; students see them on their dashboard.</li>
                <li>Follow progress per student and per card, and download the gradebook.</li>
              </ul>
              <p className={styles.small}>Instructor accounts are set up by your school&apos;s Retain administrator.</p>
              <Link className={styles.secondary} href="/signin?callbackUrl=%2Fteach">
                Sign in to teach
              </Link>
            </div>
          </div>
        </section>

        <section className={styles.section} aria-labelledby="topic-heading">
          <h2 id="topic-heading">About the built-in course</h2>
          <p>
            The course that comes with Retain teaches the challenges of responding to sex trafficking: legal
            definitions, indicators, and victim-service programs. Its lessons and cards state definitions and findings,
            never graphic accounts, and the course shows its content note before your first review. Support lines are on
            the <Link href="/help">help page</Link> at any time.
          </p>
        </section>
      </main>
    </div>
  );
}
