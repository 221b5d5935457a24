import { redirect } from "next/navigation";
import { getSession } from "@/app/(console)/_lib/session";

/** The console starts at the rooms list; without a session, at the login page. */
export default async function Home() {
  redirect((await getSession()) ? "/rooms" : "/login");
}
