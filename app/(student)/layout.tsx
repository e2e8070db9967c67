import { AppShell } from "@/app/_components/nav/AppShell";

/** Student pages: the app's frame (header, menu, offline status) around the page. */
export default function StudentLayout({ children }: { children: React.ReactNode }) {
  return <AppShell>{children}</AppShell>;
}
