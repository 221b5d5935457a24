import type { Random } from "./random";

// Enough vocabulary for chat that reads like chat at a glance; the demo is for looking at, not reading.
const OPENERS = [
  "I think", "Has anyone", "Quick question:", "FYI", "Honestly", "Looks like", "Not sure but", "Good point,",
  "Just checked and", "As far as I know", "To be fair", "Heads up:", "I wonder if", "Turns out", "Yesterday",
  "Right now", "Agreed,", "Hmm,", "Thanks!", "Re the earlier thread,",
];
const SUBJECTS = [
  "the deploy", "the new release", "the migration", "our backups", "the room directory", "the bridge",
  "the homeserver", "federation", "the retention policy", "the purge job", "the metrics dashboard",
  "the docs", "the test suite", "the database", "the load balancer", "this room", "the moderation queue",
  "the spam filter", "the mobile app", "the web client", "the TLS certificate", "the release notes",
  "the onboarding guide", "the media repo", "the sync endpoint", "the roadmap", "the meetup",
];
const VERBS = [
  "is working again", "needs another look", "broke on Friday", "looks much faster now", "is stuck at 80%",
  "should land next week", "was rolled back", "got merged", "is waiting for review", "still times out",
  "passed on staging", "has a typo", "uses too much memory", "is finally documented", "needs a volunteer",
  "went smoothly", "is behind schedule", "was discussed at the call", "might be related", "is fixed in main",
];
const TAILS = [
  "", "", "", " :)", " — any ideas?", ", see the logs.", ". More later.", " 🎉", ", I'll check tomorrow.",
  ". Can someone confirm?", " again.", ", at least for me.", " on my machine.", ". Ping me if not.", "?", "!",
];
const SHORT = [
  "+1", "lol", "nice", "thanks!", "on it", "brb", "same here", "ok", "👍", "good morning", "good night all",
  "agreed", "sounds good", "done", "ack", "huh", "I'll take it", "see you at the call", "congrats!", "oops",
];
export const EMOJI = ["👍", "❤️", "😂", "🎉", "👀", "🚀", "🙏", "✅", "😮", "🔥"];

export const FIRST_NAMES = [
  "alice", "bob", "carol", "dave", "erin", "frank", "grace", "heidi", "ivan", "judy", "mallory", "niaj",
  "olivia", "peggy", "rupert", "sybil", "trent", "victor", "walter", "yolanda", "zoe", "amir", "bea",
  "chen", "dana", "emeka", "fatima", "goran", "hana", "ines", "jonas", "kofi", "lena", "marta", "noor",
  "oskar", "priya", "quinn", "rosa", "sami", "tariq", "uma", "vera", "wen", "xavier", "yusuf", "zainab",
];
export const REMOTE_SERVERS = ["example.org", "chat.example.net", "matrix.example.com", "hs.example.social", "oss.example.dev"];

/** One chat line: usually a sentence, sometimes a short reaction. */
export function chatLine(random: Random): string {
  if (random.chance(0.2)) return random.pick(SHORT);
  return `${random.pick(OPENERS)} ${random.pick(SUBJECTS)} ${random.pick(VERBS)}${random.pick(TAILS)}`;
}

export function topicLine(random: Random): string {
  return `Talk about ${random.pick(SUBJECTS)} and ${random.pick(SUBJECTS)}. Be kind.`;
}
