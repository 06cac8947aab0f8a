"use strict";
// Autosave on the article's page (articles/admin/autosave.py): the typed fields go to the
// server a few seconds after the last keystroke, into an autosave of their own, never the
// article. A failed send is retried; the text stays in the form whatever happens. Leaving
// the page with changes no manual save has kept asks first.
(function () {
  const QUIET_MS = 3000;
  const RETRY_MS = 10000;
  const UNSUBMITTED = ["csrfmiddlewaretoken", "_autosave_token"];

  function start() {
    const notices = document.querySelector(".autosave-notices");
    if (!notices) {
      return;
    }
    const form = notices.closest("form");
    const status = form.querySelector(".autosave-status");
    const conflict = notices.querySelector(".autosave-conflict");
    const tokenInput = form.querySelector("input[name=_autosave_token]");
    const names = notices.dataset.fields.split(" ").filter((name) => form.elements[name]);
    const isNew = tokenInput.value !== "";

    const typed = () =>
      Object.fromEntries(names.map((name) => [name, form.elements[name].value]));
    // The whole form as a manual save would send it, files by name.
    const wholeForm = () =>
      JSON.stringify(
        [...new FormData(form)]
          .filter(([name]) => !UNSUBMITTED.includes(name))
          .map(([name, value]) => [name, typeof value === "string" ? value : value.name]),
      );

    let manuallySaved = null;
    let lastSent = JSON.stringify(typed());
    let sentOnce = false;
    let timer = null;
    let retry = null;
    let inFlight = false;
    let again = false;
    let submitting = false;

    function show(text, failing) {
      status.textContent = text;
      status.classList.toggle("is-failing", Boolean(failing));
      status.hidden = false;
    }

    function keepRetrying() {
      if (retry === null) {
        retry = setInterval(save, RETRY_MS);
      }
    }

    function stopRetrying() {
      clearInterval(retry);
      retry = null;
    }

    function post(url, payload) {
      return fetch(url, {
        method: "POST",
        credentials: "same-origin",
        // A lapsed session answers with a redirect to the login page, not an autosave.
        redirect: "manual",
        headers: {
          "Content-Type": "application/json",
          "X-CSRFToken": form.elements.csrfmiddlewaretoken.value,
        },
        body: JSON.stringify(payload),
      });
    }

    async function answerOf(response) {
      try {
        return await response.json();
      } catch {
        return {};
      }
    }

    async function save() {
      if (submitting) {
        return;
      }
      const fields = typed();
      const sending = JSON.stringify(fields);
      if (sending === lastSent) {
        stopRetrying();
        return;
      }
      if (inFlight) {
        again = true;
        return;
      }
      inFlight = true;
      const payload = { fields };
      if (isNew) {
        payload.token = tokenInput.value;
      } else {
        payload.base_version = form.elements.base_version.value;
      }
      try {
        const response = await post(notices.dataset.url, payload);
        if (response.type === "opaqueredirect") {
          show("Not saved: you are signed out. Sign in again in another tab; retrying.", true);
          keepRetrying();
        } else if (response.ok) {
          const answer = await response.json();
          lastSent = sending;
          sentOnce = true;
          stopRetrying();
          show(answer.status, false);
          if (answer.stale) {
            conflict.textContent = answer.notice;
            conflict.hidden = false;
          }
        } else if (response.status >= 500) {
          show("Not saved: the server did not answer — retrying.", true);
          keepRetrying();
        } else {
          // Refused (no permission, too long): retrying the same text would be refused again.
          const answer = await answerOf(response);
          show(`Not saved: ${answer.error || "the server refused the autosave."}`, true);
          stopRetrying();
        }
      } catch {
        show("Not saved: offline — retrying.", true);
        keepRetrying();
      } finally {
        inFlight = false;
        if (again) {
          again = false;
          save();
        }
      }
    }

    function schedule() {
      clearTimeout(timer);
      timer = setTimeout(save, QUIET_MS);
    }

    function offerRestore() {
      const data = document.getElementById("autosave-offer");
      const offer = notices.querySelector(".autosave-offer");
      if (!data || !offer) {
        return;
      }
      const autosave = JSON.parse(data.textContent);
      offer.querySelector(".autosave-restore").addEventListener("click", () => {
        for (const name of names) {
          if (Object.hasOwn(autosave.fields, name)) {
            form.elements[name].value = autosave.fields[name];
            form.elements[name].dispatchEvent(new Event("input", { bubbles: true }));
          }
        }
        // Marks the slug as typed, so the headline's prepopulation leaves it as restored.
        if (form.elements.slug && autosave.fields.slug) {
          form.elements.slug.dispatchEvent(new Event("change", { bubbles: true }));
        }
        if (isNew && autosave.token !== tokenInput.value) {
          // This page carries on the restored autosave; one it made itself would linger.
          if (sentOnce) {
            post(notices.dataset.discardUrl, { token: tokenInput.value }).catch(() => {});
          }
          tokenInput.value = autosave.token;
        }
        lastSent = JSON.stringify(typed());
        offer.remove();
        show(`Restored the text autosaved at ${autosave.when}; not saved yet.`, false);
      });
      offer.querySelector(".autosave-discard").addEventListener("click", async () => {
        try {
          const response = await post(notices.dataset.discardUrl, { token: autosave.token });
          if (!response.ok) {
            throw new Error();
          }
          offer.remove();
          show("Discarded the autosaved text.", false);
        } catch {
          show("Not discarded: the server did not answer. Try again.", true);
        }
      });
    }

    form.prepend(notices);
    notices.hidden = false;
    offerRestore();
    form.addEventListener("input", schedule);
    form.addEventListener("change", schedule);
    window.addEventListener("online", save);
    form.addEventListener("submit", (event) => {
      submitting = true;
      clearTimeout(timer);
      stopRetrying();
      // Another script may stop the submission (a confirmation): the page stays, and so do
      // autosave and the warning.
      setTimeout(() => {
        if (event.defaultPrevented) {
          submitting = false;
        }
      });
    });
    window.addEventListener("beforeunload", (event) => {
      if (submitting || manuallySaved === null || wholeForm() === manuallySaved) {
        return;
      }
      event.preventDefault();
      event.returnValue = "";
    });
    // After every script has set up its widgets, which may add values of their own.
    const remember = () => {
      manuallySaved = wholeForm();
    };
    if (document.readyState === "complete") {
      remember();
    } else {
      window.addEventListener("load", remember);
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
