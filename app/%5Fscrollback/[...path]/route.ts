import { dispatch } from "@/app/_http/dispatch";

// Every /_scrollback/… request goes through one dispatcher (app/_http), which owns routing and errors.
export const dynamic = "force-dynamic";
export const GET = dispatch;
export const POST = dispatch;
export const PUT = dispatch;
export const DELETE = dispatch;
export const OPTIONS = dispatch;
