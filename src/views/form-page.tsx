import type { Child, FC } from 'hono/jsx'
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
    <form method="post" action={`${path}?lang=${usePage().locale}`} novalidate>
      {children}
      <button type="submit">{text.submit}</button>
    </form>
    <SeeAlso {...seeAlso} />
    {precautions && <Precautions {...precautions} />}
  </Layout>
)

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
