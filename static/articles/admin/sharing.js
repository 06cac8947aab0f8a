/* The share preview of the article page (articles/admin/sharing.py): the card a shared link
   makes, asked of the server again as the desk types, so it follows the one rule the article's
   page follows (articles/sharing.py). */
"use strict";
{
    const PREVIEW_PAUSE_MS = 400;
    const TYPED_FIELDS = ["headline", "standfirst", "seo_title", "meta_description"];
    const PICTURES = ["social_image", "lead_image"];

    function setUp() {
        const preview = document.getElementById("share-preview");
        if (!preview) {
            return;
        }
        const fieldset = document.querySelector("fieldset.search-and-social");
        if (fieldset) {
            fieldset.after(preview);
        }
        const form = preview.closest("form");
        const fields = TYPED_FIELDS.map((name) => document.getElementById(`id_${name}`)).filter(
            (field) => field
        );
        const title = document.getElementById("share-card-title");
        const description = document.getElementById("share-card-description");
        const status = document.getElementById("share-card-status");
        const newImage = document.getElementById("share-card-new-image");
        const token = form ? form.querySelector("input[name=csrfmiddlewaretoken]") : null;

        let pending = null;
        let timer = null;
        const refresh = async () => {
            if (pending) {
                pending.abort();
            }
            pending = new AbortController();
            const data = new FormData();
            data.append("csrfmiddlewaretoken", token ? token.value : "");
            for (const field of fields) {
                data.append(field.name, field.value);
            }
            let answer;
            try {
                const response = await fetch(preview.dataset.previewUrl, {
                    method: "POST",
                    body: data,
                    credentials: "same-origin",
                    headers: { Accept: "application/json" },
                    signal: pending.signal,
                });
                const type = response.headers.get("Content-Type") || "";
                answer = type.startsWith("application/json")
                    ? await response.json()
                    : { error: `The preview could not be made (${response.status}).` };
            } catch (error) {
                if (error.name === "AbortError") {
                    return;
                }
                answer = { error: "The preview could not be reached; your text is unchanged." };
            }
            if (answer.error) {
                status.textContent = answer.error;
                status.classList.add("errornote");
                return;
            }
            status.textContent = "";
            status.classList.remove("errornote");
            title.textContent = answer.title;
            description.textContent = answer.description;
        };

        for (const field of fields) {
            field.addEventListener("input", () => {
                clearTimeout(timer);
                timer = setTimeout(refresh, PREVIEW_PAUSE_MS);
            });
        }
        for (const name of PICTURES) {
            const input = document.getElementById(`id_${name}`);
            if (input) {
                input.addEventListener("change", () => {
                    newImage.hidden = !PICTURES.some((other) => {
                        const picked = document.getElementById(`id_${other}`);
                        return picked && picked.files && picked.files.length > 0;
                    });
                });
            }
        }
    }

    if (document.readyState === "loading") {
        document.addEventListener("DOMContentLoaded", setUp);
    } else {
        setUp();
    }
}
