// The bad-input properties (test/support/bad-input/properties.ts, docs/bad-input.md) on the
// form routes.
import { describeBadInputProperties } from '../support/bad-input/properties'
import { ROUTES } from '../support/bad-input/routes'

describeBadInputProperties(ROUTES.filter((route) => route.envelope === 'form'))
