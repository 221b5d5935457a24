export type Theme = "light" | "dark";
/** Where the theme choice is kept, so the server renders <html data-theme> right on the next visit. */
export const THEME_COOKIE = "scrollback_theme";
