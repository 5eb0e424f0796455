import type { Child, FC } from 'hono/jsx'
import { TURNSTILE_SCRIPT_URL } from '../platform/turnstile'
import { ErrorSummary, type ShownErrors } from './form'
import { Layout, PageLink } from './layout'
import { usePage } from './page-context'

export interface FormPageProps {
  /** The page's texts: its title, the sentence above the form and the button's label. */
  text: { title: string; intro: string; submit: string }
  /** Where the page is, and where its form posts to. */
  path: string
  errors: ShownErrors
  /** The sentence after the form that leads to the neighbouring procedure. */
  seeAlso: SeeAlsoProps
  /** A short note above the fields (a line each), if the page has one. */
  note?: readonly string[]
  /** The precautions at the foot of the page, if it has any. */
  precautions?: PrecautionsProps
  /** The fields. */
  children: Child
}

/**
 * A page whose main part is one form posted to its own path: the errors first (above the
 * heading, docs/journey.md), then the intro, the fields and the submit button.
 */
export const FormPage: FC<FormPageProps> = ({
  text,
  path,
  errors,
  seeAlso,
  note,
  precautions,
  children,
}) => (
  <Layout
    title={text.title}
    path={path}
    errorSummary={errors.length > 0 ? <ErrorSummary errors={errors} /> : undefined}
  >
    <p>{text.intro}</p>
    {note && (
      <p class="form-note">
        {note.map((line, index) => (
          <>
            {index > 0 && <br />}
            {line}
          </>
        ))}
      </p>
    )}
    <BotCheckNote />
    <form method="post" action={`${path}?lang=${usePage().locale}`} novalidate>
      {children}
      <BotCheckWidget />
      <button type="submit">{text.submit}</button>
    </form>
    <SeeAlso {...seeAlso} />
    {precautions && <Precautions {...precautions} />}
  </Layout>
)

/** Turnstile's names for the page languages that differ from ours. */
const WIDGET_LANGUAGE: Readonly<Record<string, string>> = { 'zh-Hans': 'zh-cn', 'zh-Hant': 'zh-tw' }

/**
 * Above a challenged form: what to do, and for a browser without JavaScript the 429 page's words
 * (docs/operations.md#bot-check-turnstile). Nothing on any other answer.
 */
const BotCheckNote: FC = () => {
  const { t, challenge } = usePage()
  if (challenge === undefined) return null
  return (
    <div class="bot-check" role="alert">
      <p>{t.botCheck.prompt}</p>
      <noscript>
        <p>
          <strong>{t.tooManyRequests.title}</strong>
        </p>
        <p>{t.tooManyRequests.body(challenge.retryAfterMinutes)}</p>
      </noscript>
      {challenge.supportContact && <p>{t.botCheck.contact(challenge.supportContact)}</p>}
    </div>
  )
}

/**
 * Turnstile's widget (implicit rendering: it adds `cf-turnstile-response` to the form) and its
 * script; no inline script. Only on a challenged form's answer, whose CSP allows the script.
 */
const BotCheckWidget: FC = () => {
  const { locale, challenge } = usePage()
  if (challenge === undefined) return null
  return (
    <>
      <div
        class="cf-turnstile"
        data-sitekey={challenge.siteKey}
        data-action={challenge.action}
        data-language={WIDGET_LANGUAGE[locale] ?? locale}
      />
      <script src={TURNSTILE_SCRIPT_URL} async defer />
    </>
  )
}

export interface SeeAlsoProps {
  lead: string
  path: string
  link: string
}

/** A sentence leading to another of the service's pages: "Forgot your login ID? [link]". */
const SeeAlso: FC<SeeAlsoProps> = ({ lead, path, link }) => (
  <p>
    {lead} <PageLink path={path}>{link}</PageLink>
  </p>
)

interface PrecautionsProps {
  title: string
  intro?: string
  /** One list, or several under their own headings. */
  lists: ReadonlyArray<{ title?: string; items: readonly string[] }>
}

/** The seed pages' "precautions": a titled section of lists. */
const Precautions: FC<PrecautionsProps> = ({ title, intro, lists }) => (
  <section class="precautions" aria-labelledby="precautions-title">
    <h2 id="precautions-title">{title}</h2>
    {intro && <p>{intro}</p>}
    {lists.map((list) => (
      <>
        {list.title && <h3>{list.title}</h3>}
        <ul>
          {list.items.map((item) => (
            <li>{item}</li>
          ))}
        </ul>
      </>
    ))}
  </section>
)
