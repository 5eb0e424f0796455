/** The one stylesheet, served from /assets/site.css so pages need no inline style or script. */
export const SITE_CSS = `
:root { color-scheme: light; --ink: #1b1f24; --muted: #4b5563; --line: #c5ccd3; --accent: #0b57d0; --error: #b3261e; }
* { box-sizing: border-box; }
body { margin: 0; font-family: system-ui, -apple-system, "Hiragino Sans", "Noto Sans JP", sans-serif; color: var(--ink); line-height: 1.6; background: #f6f7f9; }
/* Han characters are drawn differently per language: each page, and each language link, gets its own fonts. */
[lang="ja"] { font-family: system-ui, -apple-system, "Hiragino Sans", "Noto Sans JP", sans-serif; }
[lang="zh-Hans"], html[lang="zh-Hans"] body { font-family: system-ui, -apple-system, "PingFang SC", "Microsoft YaHei", "Noto Sans SC", "Noto Sans CJK SC", sans-serif; }
[lang="zh-Hant"], html[lang="zh-Hant"] body { font-family: system-ui, -apple-system, "PingFang TC", "Microsoft JhengHei", "Noto Sans TC", "Noto Sans CJK TC", sans-serif; }
[lang="ko"], html[lang="ko"] body { font-family: system-ui, -apple-system, "Apple SD Gothic Neo", "Malgun Gothic", "Noto Sans KR", "Noto Sans CJK KR", sans-serif; word-break: keep-all; }
.skip-link { position: absolute; left: -999px; }
.skip-link:focus { left: 1rem; top: 1rem; background: #fff; padding: .5rem; z-index: 1; }
body { overflow-wrap: break-word; }
/* The header wraps as whole items: the service name, then the language names, each kept on one line (docs/journey.md). */
.site-header { display: flex; flex-wrap: wrap; justify-content: space-between; align-items: center; gap: .25rem 1rem; padding: .75rem 1rem; background: #fff; border-bottom: 1px solid var(--line); }
.service-name { font-weight: 600; }
.language-switch { display: flex; flex-wrap: wrap; gap: .25rem 1rem; list-style: none; margin: 0; padding: 0; }
.language-switch li { white-space: nowrap; word-break: keep-all; }
main { max-width: 42rem; margin: 1.5rem auto; padding: 1.5rem 1rem; background: #fff; border: 1px solid var(--line); border-radius: .5rem; }
h1 { font-size: 1.5rem; line-height: 1.3; margin-top: 0; }
h2 { font-size: 1.15rem; }
a { color: var(--accent); }
.field { margin: 1.25rem 0; }
.field label, .field legend { display: block; font-weight: 600; }
.field fieldset { border: 0; margin: 0; padding: 0; }
.field input, .field select { display: block; width: 100%; max-width: 28rem; font: inherit; padding: .5rem; border: 1px solid #6b7280; border-radius: .25rem; }
.field input[aria-invalid="true"], .field select[aria-invalid="true"] { border: 2px solid var(--error); }
.phone-row { display: flex; gap: .5rem; flex-wrap: wrap; }
.phone-row > div { flex: 1 1 12rem; }
.hint { color: var(--muted); font-size: .95rem; margin: .25rem 0; }
.hint p { margin: 0 0 .25rem; }
.hint .type-again { color: var(--ink); font-weight: 600; }
.field-error { color: var(--error); font-weight: 600; margin: .25rem 0; }
.error-summary { border: 3px solid var(--error); padding: 1rem; margin-bottom: 1.5rem; }
.error-summary:focus { outline: 3px solid #f4b400; outline-offset: 0; }
/* A summary link scrolls its field down far enough to show the label, hint and message above it. */
.password-toggle { margin-top: .5rem; font: inherit; padding: .25rem .75rem; border: 1px solid #6b7280; border-radius: .25rem; background: #fff; color: inherit; }
.field input, .field select { scroll-margin-top: min(16rem, 50vh); }
.error-summary h2 { margin-top: 0; }
.error-summary a { color: var(--error); font-weight: 600; }
button { font: inherit; padding: .6rem 1.5rem; background: var(--accent); color: #fff; border: 0; border-radius: .25rem; cursor: pointer; }
button:focus-visible, a:focus-visible, input:focus-visible, select:focus-visible, summary:focus-visible { outline: 3px solid #f4b400; outline-offset: 2px; }
.form-note { padding: .75rem 1rem; border-left: 4px solid var(--line); }
.bot-check { padding: .75rem 1rem; border: 3px solid var(--accent); margin-bottom: 1rem; }
.cf-turnstile { margin: 1rem 0; }
.precautions { margin-top: 2rem; border-top: 1px solid var(--line); padding-top: 1rem; }
.site-footer { max-width: 42rem; margin: 0 auto 2rem; padding: 0 1.5rem; color: var(--muted); font-size: .9rem; }
`
