import { AppShell } from "@/app/_components/nav/AppShell";

/** The app's frame (header and menu), with room for the user table. */
export default function AdminLayout({ children }: { children: React.ReactNode }) {
  return <AppShell wide>{children}</AppShell>;
}
