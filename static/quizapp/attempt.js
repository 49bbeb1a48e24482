// The attempt page: the saved state of each answer, retrying saves that did not get
// through, and the exam countdown. htmx does the requests; this only says what is going on.
(function () {
  "use strict";

  const RETRY_MS = [1000, 2000, 5000, 10000, 20000, 30000];
  const failures = new WeakMap(); // form -> consecutive failed saves
  const timers = new WeakMap();

  function autosaveForm(elt) {
    return elt && elt.closest ? elt.closest("form[data-autosave]") : null;
  }

  function setState(form, state, text) {
    const status = form.querySelector(".save-status");
    if (!status) return;
    status.className = "save-status is-" + state;
    status.dataset.state = state;
    status.textContent = text;
  }

  // Only the saves a form sends itself (not the live preview) change its saved state.
  function isSave(event) {
    const form = autosaveForm(event.detail.elt);
    return form && (event.detail.elt === form || event.detail.elt.matches("button")) ? form : null;
  }

  document.addEventListener("input", (event) => {
    const form = autosaveForm(event.target);
    const conflict = form && form.querySelector('.save-status[data-state="conflict"]');
    if (form && !conflict && event.target.name === "answer" && !timers.has(form)) {
      setState(form, "dirty", "Not saved yet");
    }
  });

  document.addEventListener("htmx:beforeRequest", (event) => {
    const form = isSave(event);
    if (!form) return;
    // Changed in another window: every further save would be refused until a reload.
    if (form.querySelector('.save-status[data-state="conflict"]')) {
      event.preventDefault();
      return;
    }
    if (!timers.has(form)) setState(form, "saving", "Saving…");
  });

  function retryLater(event) {
    const form = isSave(event);
    if (!form) return;
    const count = (failures.get(form) || 0) + 1;
    failures.set(form, count);
    const delay = RETRY_MS[Math.min(count - 1, RETRY_MS.length - 1)];
    const offline = event.type === "htmx:sendError" || !navigator.onLine;
    setState(form, "retrying", (offline ? "Not saved — connection lost; retrying" : "Not saved — retrying")
      + " in " + Math.round(delay / 1000) + " s");
    clearTimeout(timers.get(form));
    timers.set(form, setTimeout(() => {
      timers.delete(form);
      htmx.trigger(form, "retry-save");
    }, delay));
  }
  document.addEventListener("htmx:sendError", retryLater);
  document.addEventListener("htmx:timeout", retryLater);
  document.addEventListener("htmx:responseError", (event) => {
    const form = isSave(event);
    if (!form) return;
    const status = event.detail.xhr.status;
    // A server in trouble may recover; a refusal (say, logged out) will not by waiting.
    if (status >= 500) retryLater(event);
    else setState(form, "error", "Not saved (error " + status + "). Reload the page.");
  });

  document.addEventListener("htmx:afterRequest", (event) => {
    const form = isSave(event);
    if (form && event.detail.successful) failures.delete(form);
  });

  // A checked practice answer is final (its solution is on screen), and only the server knows
  // whether a Check went through: its feedback says so with [data-answer-final]. A refused
  // Check (an unreadable formula, nothing chosen) leaves the answer open to be corrected.
  // After Check or a self-mark the verdict is what to read next: the control pressed may now
  // be disabled or replaced, which would drop the focus to the page body.
  const verdictOf = new WeakMap(); // a Check button or self-mark form -> its feedback region
  document.addEventListener("htmx:beforeRequest", (event) => {
    const elt = event.detail.elt;
    const region = elt.closest(".part")?.querySelector(".feedback-region");
    if (region) verdictOf.set(elt, region);
  });
  // After the swap. A self-mark form (or a grading's poll) is replaced by its own answer:
  // htmx then names its closest ancestor still on the page, the feedback region itself.
  document.addEventListener("htmx:afterRequest", (event) => {
    const elt = event.detail.elt;
    const replaced = elt.matches(".feedback-region");
    const region = replaced ? elt : verdictOf.get(elt);
    if (!region) return;
    const lock = region.closest(".part").querySelector("fieldset.answer-lock");
    const final = region.querySelector("[data-answer-final]") !== null;
    if (lock) {
      lock.disabled = final;
      if (final) lock.setAttribute("aria-describedby", region.id);
    }
    // Only what the student pressed moves the focus: not a save, nor the poll of a grading.
    const pressed = replaced ? event.detail.requestConfig?.verb === "post" : elt.matches("button[formaction]");
    if (!pressed) return;
    const lost = !document.activeElement || document.activeElement === document.body;
    if (final || lost) region.focus();
  });

  // Back online: retry every waiting save now rather than at the end of its back-off.
  window.addEventListener("online", () => {
    document.querySelectorAll("form[data-autosave]").forEach((form) => {
      if (timers.has(form)) {
        clearTimeout(timers.get(form));
        timers.delete(form);
        htmx.trigger(form, "retry-save");
      }
    });
  });

  // Leaving with a save in flight or waiting would lose it: ask first.
  window.addEventListener("beforeunload", (event) => {
    const unsaved = document.querySelector(
      ".save-status.is-saving, .save-status.is-retrying, .save-status.is-dirty");
    if (unsaved) {
      event.preventDefault();
      event.returnValue = "";
    }
  });

  // The countdown counts the seconds the server gave at page load; at zero the page reloads
  // and the server, whose deadline is the one that counts, submits the attempt.
  function startCountdown(box) {
    const value = box.querySelector("[data-countdown-value]");
    const announce = box.querySelector("[data-countdown-announce]");
    const end = performance.now() + Number(box.dataset.remaining) * 1000;
    const warnings = { 600: "10 minutes left.", 300: "5 minutes left.", 60: "1 minute left." };
    let finished = false;
    function tick() {
      const left = Math.max(0, Math.ceil((end - performance.now()) / 1000));
      const h = Math.floor(left / 3600);
      const m = Math.floor((left % 3600) / 60);
      const s = left % 60;
      value.textContent = h + ":" + String(m).padStart(2, "0") + ":" + String(s).padStart(2, "0");
      box.classList.toggle("is-low", left <= 300 && left > 0);
      if (warnings[left] && announce) announce.textContent = warnings[left];
      if (left === 0 && !finished) {
        finished = true;
        box.classList.add("is-over");
        value.textContent = "Time is up";
        if (announce) announce.textContent = "Time is up. Your answers are being submitted.";
        document.querySelectorAll("form[data-autosave] .save-status").forEach((s) => {
          s.classList.remove("is-dirty", "is-saving", "is-retrying");
        });
        setTimeout(() => { window.location.href = box.dataset.expiredUrl; }, 1500);
      }
    }
    tick();
    setInterval(tick, 250);
  }

  document.addEventListener("DOMContentLoaded", () => {
    document.querySelectorAll("[data-countdown]").forEach(startCountdown);
  });
})();
