// Concord's only script. It is a file, not inline, because the CSP forbids inline script;
// the class test mirrors the GOV.UK template so components enhance only in browsers that
// support ES modules (a module script never runs anywhere else anyway).
import { initAll as initGovuk } from './govuk-frontend.min.js'
import { initAll as initMoj } from './moj-frontend.min.js'

document.body.classList.add('js-enabled', 'govuk-frontend-supported')
initGovuk()
initMoj()

// A print view's Print button (hidden until this script runs: without script the page
// says to use the browser's print command).
for (const button of document.querySelectorAll('[data-concord-print]')) {
  button.hidden = false
  button.addEventListener('click', () => window.print())
}
