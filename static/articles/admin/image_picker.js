/* The article page's Insert image button (articles/admin/images.py): searches the image
   library and writes a reference to the chosen picture into the body at the cursor, as a
   paragraph of its own so that readers get it as a figure with its caption and credit. */
"use strict";
{
    const SEARCH_PAUSE_MS = 250;

    function paragraphBreak(text, atStart) {
        if (!text) {
            return "";
        }
        const edge = atStart ? text.match(/^\n*/)[0] : text.match(/\n*$/)[0];
        return "\n".repeat(Math.max(0, 2 - edge.length));
    }

    function insertReference(body, reference) {
        const start = body.selectionStart;
        const end = body.selectionEnd;
        const before = body.value.slice(0, start);
        const after = body.value.slice(end);
        const written = paragraphBreak(before, false) + reference + paragraphBreak(after, true);
        body.setRangeText(written, start, end, "end");
        // The preview, the word count and the autosave follow typing.
        body.dispatchEvent(new Event("input", { bubbles: true }));
        body.focus();
    }

    function choice(image, onChoose) {
        const item = document.createElement("li");
        const button = document.createElement("button");
        button.type = "button";
        button.className = "image-picker-choice";
        if (image.thumbnail) {
            const thumbnail = document.createElement("img");
            thumbnail.src = image.thumbnail;
            thumbnail.alt = "";
            thumbnail.width = image.width;
            thumbnail.height = image.height;
            button.append(thumbnail);
        }
        const words = document.createElement("span");
        words.className = "image-picker-words";
        const title = document.createElement("strong");
        title.textContent = image.caption || image.alt;
        words.append(title);
        if (image.credit) {
            const credit = document.createElement("span");
            credit.className = "image-picker-credit";
            credit.textContent = `Image: ${image.credit}`;
            words.append(credit);
        }
        const reference = document.createElement("code");
        reference.textContent = image.reference;
        words.append(reference);
        button.append(words);
        button.addEventListener("click", () => onChoose(image));
        item.append(button);
        return item;
    }

    function setUp() {
        const picker = document.getElementById("image-picker");
        const body = document.getElementById("id_body");
        if (!picker || !body) {
            return;
        }
        const toggle = document.getElementById("image-picker-toggle");
        const dialog = document.getElementById("image-picker-dialog");
        const search = document.getElementById("image-picker-search");
        const status = document.getElementById("image-picker-status");
        const results = document.getElementById("image-picker-results");
        body.before(picker);
        picker.hidden = false;

        let asked = 0;
        let pause;
        const close = () => {
            dialog.hidden = true;
            toggle.setAttribute("aria-expanded", "false");
        };
        const choose = (image) => {
            close();
            insertReference(body, image.reference);
        };
        async function load() {
            const mine = ++asked;
            status.textContent = "Searching the library…";
            let found;
            try {
                const address = `${picker.dataset.url}?q=${encodeURIComponent(search.value)}`;
                const response = await fetch(address, { credentials: "same-origin" });
                if (!response.ok) {
                    throw new Error(response.statusText);
                }
                found = (await response.json()).results;
            } catch {
                if (mine === asked) {
                    status.textContent = "The library could not be searched: try again.";
                }
                return;
            }
            if (mine !== asked) {
                return;
            }
            results.replaceChildren(...found.map((image) => choice(image, choose)));
            status.textContent = found.length
                ? `${found.length} ${found.length === 1 ? "image" : "images"}, newest first.`
                : "No image in the library matches.";
        }
        toggle.addEventListener("click", () => {
            if (!dialog.hidden) {
                close();
                return;
            }
            dialog.hidden = false;
            toggle.setAttribute("aria-expanded", "true");
            search.focus();
            load();
        });
        search.addEventListener("input", () => {
            clearTimeout(pause);
            pause = setTimeout(load, SEARCH_PAUSE_MS);
        });
        dialog.addEventListener("keydown", (event) => {
            if (event.key === "Escape") {
                close();
                toggle.focus();
            }
        });
    }

    if (document.readyState === "loading") {
        document.addEventListener("DOMContentLoaded", setUp);
    } else {
        setUp();
    }
}
