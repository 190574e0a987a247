// The GOV.UK timeout warning. The server ends a session after the configured idle time;
// this warns shortly before, so people can stay signed in and keep what they have typed
// instead of losing it on their next click. A file, not inline: the CSP forbids inline
// script. Without JavaScript the page is unchanged and the server still ends the session.
//
// The page says how long its session has left (data-session-seconds-left on <body>, set
// by the server after this request slid the idle expiry). Tabs share one session, so the
// latest deadline any tab learnt is kept in localStorage and every tab follows it.

const DEADLINE_KEY = 'concord.session.deadline'
const ANNOUNCE_EVERY_SECONDS = 15

const body = document.body
const idleMinutes = Number(body.dataset.sessionIdleMinutes)
const secondsLeft = Number(body.dataset.sessionSecondsLeft)
const dialog = document.getElementById('session-timeout')
const signOutForm = document.getElementById('sign-out')

// Warn two minutes before; with short idle limits, halfway through, so the warning never
// covers the whole period.
const warnSeconds = Math.min(120, (idleMinutes * 60) / 2)

let ownDeadline = Date.now() + secondsLeft * 1000
let returnFocusTo = null
let lastAnnounced = null
let ticker = null
let expired = false

function remember (deadline) {
  ownDeadline = deadline
  try {
    window.localStorage.setItem(DEADLINE_KEY, String(deadline))
  } catch (e) {
    // Storage can be disabled; this tab then keeps its own deadline.
  }
}

function deadline () {
  try {
    const shared = Number(window.localStorage.getItem(DEADLINE_KEY))
    if (shared > 0) return shared
  } catch (e) {
    // As above.
  }
  return ownDeadline
}

function duration (seconds) {
  const minutes = Math.floor(seconds / 60)
  const rest = seconds % 60
  const m = minutes === 1 ? '1 minute' : `${minutes} minutes`
  const s = rest === 1 ? '1 second' : `${rest} seconds`
  if (minutes && rest) return `${m} ${s}`
  return minutes ? m : s
}

function announce (text) {
  dialog.querySelector('[data-session-countdown-announcement]').textContent = text
}

function show (left) {
  dialog.querySelector('[data-session-countdown]').textContent = duration(left)
  const bucket = Math.ceil(left / ANNOUNCE_EVERY_SECONDS)
  if (bucket !== lastAnnounced) {
    lastAnnounced = bucket
    announce(`We will sign you out in ${duration(left)}.`)
  }
}

function open () {
  returnFocusTo = document.activeElement
  lastAnnounced = null
  dialog.showModal()
  // The dialog itself takes focus, so its role, heading and message are read out first.
  dialog.focus()
}

function close () {
  if (!dialog.open) return
  dialog.close()
  if (returnFocusTo && document.contains(returnFocusTo)) returnFocusTo.focus()
}

// Time is up: end the session with the page's own sign-out form (so the server deletes it
// and clears the cookie), asking for the sign-in page that says why.
function expire () {
  if (expired) return
  expired = true
  window.clearInterval(ticker)
  if (!signOutForm) {
    window.location.assign('/sign-in?timeout=1')
    return
  }
  const reason = document.createElement('input')
  reason.type = 'hidden'
  reason.name = 'timeout'
  reason.value = '1'
  signOutForm.append(reason)
  signOutForm.submit()
}

function tick () {
  if (expired) return
  const left = Math.ceil((deadline() - Date.now()) / 1000)
  if (left <= 0) {
    expire()
  } else if (left <= warnSeconds) {
    if (!dialog.open) open()
    show(left)
  } else {
    // Another tab kept the session alive.
    close()
  }
}

// "Stay signed in": any request through the session slides its idle expiry; this one
// answers with the new time left.
async function keepAlive () {
  const token = signOutForm && signOutForm.querySelector('input[name="csrf_token"]')
  try {
    const response = await window.fetch('/session/keep-alive', {
      method: 'POST',
      headers: { 'X-CSRF-Token': token ? token.value : '', Accept: 'application/json' },
      credentials: 'same-origin',
      cache: 'no-store'
    })
    if (response.status === 401) {
      expire()
      return
    }
    if (response.ok) {
      const session = await response.json()
      remember(Date.now() + session.seconds_left * 1000)
      close()
      tick()
      return
    }
  } catch (e) {
    // Offline or the server did not answer: say so below and let them try again.
  }
  announce('Concord could not be reached. Try again.')
}

function start () {
  if (!(idleMinutes > 0) || !(secondsLeft >= 0) || !dialog) return
  if (typeof dialog.showModal !== 'function') return
  remember(ownDeadline)
  dialog.querySelector('[data-session-keep-alive]').addEventListener('click', keepAlive)
  // Escape means "not now", as on GOV.UK: keep the session rather than just hide the warning.
  dialog.addEventListener('cancel', (event) => {
    event.preventDefault()
    keepAlive()
  })
  // Timers are slowed in background tabs; catch up as soon as the tab is seen again.
  document.addEventListener('visibilitychange', tick)
  window.addEventListener('storage', (event) => {
    if (event.key === DEADLINE_KEY) tick()
  })
  ticker = window.setInterval(tick, 1000)
  tick()
}

start()
