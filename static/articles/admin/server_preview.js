/* One way for the desk's previews (writing.js, sharing.js) to ask the server: the fields as a
   form post with the page's CSRF token, answered in JSON. Each preview has its own asker, on
   which a newer question cancels the older (its answer is null); a failure is an answer with
   an `error` the desk can read, and never touches the form. */
"use strict";
window.spaceCinemaDesk = window.spaceCinemaDesk || {};
window.spaceCinemaDesk.asker = () => {
    let pending = null;

    return async (url, form, values) => {
        if (pending) {
            pending.abort();
        }
        const asking = new AbortController();
        pending = asking;
        const token = form ? form.querySelector("input[name=csrfmiddlewaretoken]") : null;
        const data = new FormData();
        data.append("csrfmiddlewaretoken", token ? token.value : "");
        for (const [name, value] of Object.entries(values)) {
            data.append(name, value);
        }
        try {
            const response = await fetch(url, {
                method: "POST",
                body: data,
                credentials: "same-origin",
                headers: { Accept: "application/json" },
                signal: asking.signal,
            });
            const type = response.headers.get("Content-Type") || "";
            return type.startsWith("application/json")
                ? await response.json()
                : { error: `The preview could not be made (${response.status}).` };
        } catch (error) {
            if (error.name === "AbortError") {
                return null;
            }
            return { error: "The preview could not be reached; your text is unchanged." };
        }
    };
};
