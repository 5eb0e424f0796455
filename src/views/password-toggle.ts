/**
 * The optional show/hide button for password fields (docs/journey.md), served from the Worker's
 * own origin at `PASSWORD_TOGGLE_PATH` and allowed by the CSP (`script-src 'self'`) only on the
 * page that has password fields. Without it the page is unchanged: the script adds the buttons.
 * Their words come from the script element's `data-show` and `data-hide`, in the page's
 * language; each button names its field for a screen reader. Before the form is sent every field
 * is hidden again, so a browser never keeps a shown password as plain text.
 */
export const PASSWORD_TOGGLE_SCRIPT = `'use strict';
(function () {
  var script = document.currentScript;
  var show = (script && script.getAttribute('data-show')) || 'Show';
  var hide = (script && script.getAttribute('data-hide')) || 'Hide';
  var inputs = Array.prototype.slice.call(document.querySelectorAll('input[type="password"]'));
  inputs.forEach(function (input) {
    var label = input.id ? document.querySelector('label[for="' + input.id + '"]') : null;
    var name = label ? label.textContent.trim() : '';
    var button = document.createElement('button');
    button.type = 'button';
    button.className = 'password-toggle';
    if (input.id) button.setAttribute('aria-controls', input.id);
    var set = function (shown) {
      input.type = shown ? 'text' : 'password';
      button.textContent = shown ? hide : show;
      button.setAttribute('aria-label', (shown ? hide : show) + (name ? ': ' + name : ''));
    };
    set(false);
    button.addEventListener('click', function () {
      set(input.type === 'password');
    });
    input.insertAdjacentElement('afterend', button);
    if (input.form) {
      input.form.addEventListener('submit', function () {
        set(false);
      });
    }
  });
})();
`

/** FNV-1a of the script, in hex: its URL changes whenever it does, so it can be cached for long. */
function version(text: string): string {
  let hash = 0x811c9dc5
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i)
    hash = Math.imul(hash, 0x01000193)
  }
  return (hash >>> 0).toString(16)
}

export const PASSWORD_TOGGLE_PATH = '/assets/password-toggle.js'

/** The script's address as pages name it, its version in the query. */
export const PASSWORD_TOGGLE_SRC = `${PASSWORD_TOGGLE_PATH}?v=${version(PASSWORD_TOGGLE_SCRIPT)}`

/** The pages whose CSP allows the script (`script-src 'self'`): those with password fields. */
export const PAGES_WITH_SCRIPT: ReadonlySet<string> = new Set(['/password/change'])
