import { AppShell } from "@/app/_components/nav/AppShell";

/** Instructor pages: the app's frame with a wider column for the class tables. */
export default function TeachLayout({ children }: { children: React.ReactNode }) {
  return <AppShell wide>{children}</AppShell>;
}
