"use client";

import { usePathname } from "next/navigation";
import { useEffect, useRef } from "react";
import styles from "@/app/_components/student/student.module.css";

/**
 * The header's menu: a native disclosure (works before and without JavaScript), closed again after
 * a client-side navigation, on Escape and on a click elsewhere.
 */
export function MenuDisclosure({ children }: { children: React.ReactNode }) {
  const ref = useRef<HTMLDetailsElement>(null);
  const pathname = usePathname();
  useEffect(() => {
    ref.current?.removeAttribute("open");
  }, [pathname]);
  useEffect(() => {
    const close = (event: Event) => {
      const details = ref.current;
      if (!details?.open) return;
      if (event instanceof KeyboardEvent) {
        if (event.key !== "Escape") return;
        details.open = false;
        details.querySelector("summary")?.focus();
      } else if (!details.contains(event.target as Node)) {
        details.open = false;
      }
    };
    document.addEventListener("keydown", close);
    document.addEventListener("click", close);
    return () => {
      document.removeEventListener("keydown", close);
      document.removeEventListener("click", close);
    };
  }, []);
  return (
    <details ref={ref} className={styles.menu}>
      <summary className={styles.menuButton}>Menu</summary>
      <div className={styles.menuPanel}>{children}</div>
    </details>
  );
}
