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

        const ask = window.spaceCinemaDesk.asker();
        let timer = null;
        const refresh = async () => {
            const typed = Object.fromEntries(fields.map((field) => [field.name, field.value]));
            const answer = await ask(preview.dataset.previewUrl, form, typed);
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
