/* The writing area of the article page (articles/admin/writing.py): a preview of the body
   rendered by the server as readers will get it, the body's length, and the public address
   the slug makes, filled from the headline on a draft and locked on a published article. */
"use strict";
{
    // The same breaks and the same rule as newsroom/text.py count_words(), so the count shown
    // while typing is the one the server gives with the preview.
    const WORD_BREAKS =
        /[\t\n\v\f\r \u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff]+/;
    const HAS_LETTER_OR_DIGIT = /[\p{L}\p{N}]/u;
    const PREVIEW_PAUSE_MS = 500;

    function countWords(text) {
        return text.split(WORD_BREAKS).filter((run) => HAS_LETTER_OR_DIGIT.test(run)).length;
    }

    function describeLength(words, minutes) {
        const wordsText = `${words.toLocaleString("en-GB")} ${words === 1 ? "word" : "words"}`;
        if (words === 0) {
            return wordsText;
        }
        return `${wordsText} · ${minutes} min read`;
    }

    function rowOf(field) {
        return field.closest(".form-row");
    }

    function setUpAddress(config, headline, slug) {
        const address = document.getElementById("writing-address");
        const url = document.getElementById("writing-address-url");
        const lock = document.getElementById("writing-address-lock");
        const unlock = document.getElementById("writing-unlock");
        rowOf(slug).append(address);

        const slugify = (text) =>
            typeof window.URLify === "function"
                ? window.URLify(text, config.slugMaxLength, false)
                : text;
        const show = () => {
            url.textContent = `${config.addressBefore}${slug.value.trim() || "…"}${config.addressAfter}`;
        };
        // A slug the editor typed is theirs: it stops following the headline.
        let following =
            config.followsHeadline && (slug.value === "" || slug.value === slugify(headline.value));
        headline.addEventListener("input", () => {
            if (following) {
                slug.value = slugify(headline.value);
            }
            show();
        });
        // The admin's own prepopulating fills the slug on a new article on keyup.
        headline.addEventListener("keyup", show);
        slug.addEventListener("input", () => {
            following = false;
            show();
        });
        slug.addEventListener("change", show);

        if (config.locked && slug.value === config.savedSlug) {
            slug.readOnly = true;
            lock.hidden = false;
            unlock.hidden = false;
            unlock.addEventListener("click", () => {
                slug.readOnly = false;
                lock.hidden = true;
                unlock.hidden = true;
                slug.focus();
            });
        }
        show();
    }

    function setUpPreview(config, body) {
        const desk = document.getElementById("writing-desk");
        const write = document.getElementById("writing-write");
        const status = document.getElementById("writing-preview-status");
        const preview = document.getElementById("writing-preview-body");
        const count = document.getElementById("writing-count");
        body.after(desk);
        write.append(body);
        desk.after(count);

        const showCount = () => {
            const words = countWords(body.value);
            count.textContent = describeLength(words, Math.ceil(words / config.wordsPerMinute));
        };

        const ask = window.spaceCinemaDesk.asker();
        let timer = null;
        const refresh = async () => {
            status.textContent = "Updating…";
            const answer = await ask(config.previewUrl, body.form, { body: body.value });
            if (answer === null) {
                return;
            }
            if (answer.error) {
                status.textContent = answer.error;
                status.classList.add("errornote");
                return;
            }
            status.textContent = "";
            status.classList.remove("errornote");
            // Sanitised by the server (newsroom/text.py), as on the article's page.
            preview.innerHTML = answer.html;
            count.textContent = describeLength(answer.words, answer.minutes);
        };

        body.addEventListener("input", () => {
            showCount();
            clearTimeout(timer);
            timer = setTimeout(refresh, PREVIEW_PAUSE_MS);
        });
        showCount();
        refresh();
    }

    function setUp() {
        const data = document.getElementById("writing-area");
        const headline = document.getElementById("id_headline");
        const slug = document.getElementById("id_slug");
        const body = document.getElementById("id_body");
        if (!data || !headline || !slug || !body) {
            return;
        }
        const config = JSON.parse(data.textContent);
        setUpAddress(config, headline, slug);
        setUpPreview(config, body);
        document.querySelector(".writing-parts").remove();
    }

    if (document.readyState === "loading") {
        document.addEventListener("DOMContentLoaded", setUp);
    } else {
        setUp();
    }
}
