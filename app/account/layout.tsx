import { AppShell } from "@/app/_components/nav/AppShell";

/** The app's frame (header and menu): no screen is a dead end. */
export default function Layout({ children }: { children: React.ReactNode }) {
  return <AppShell>{children}</AppShell>;
}
