/** Vite's `?raw` imports: the file's text, e.g. `import toml from '../wrangler.toml?raw'`. */
declare module '*?raw' {
  const text: string
  export default text
}
