// Keyboard shortcuts of the coding page (publish/coding_page.py): each key clicks the button or
// follows the link it names, so the page works the same with the mouse and without this script.
(function () {
  const form = document.getElementById("qs-answer");
  if (!form) return;
  const tool = document.getElementById("qs-tool");
  const hide = document.getElementById("qs-hide-tool");
  const name = document.getElementById("qs-speaker-name");
  // Hiding the tool's answer keeps coders from agreeing with it by default; remembered per browser.
  function showTool(hidden) {
    if (!tool) return;
    tool.classList.toggle("qs-hidden", hidden);
    hide.textContent = hidden ? "show (h)" : "hide (h)";
    try { localStorage.setItem("qs-hide-tool", hidden ? "1" : ""); } catch (e) { /* private mode */ }
  }
  let hidden = false;
  try { hidden = localStorage.getItem("qs-hide-tool") === "1"; } catch (e) { /* private mode */ }
  showTool(hidden);
  if (hide) hide.addEventListener("click", () => { hidden = !hidden; showTool(hidden); });
  function follow(id) {
    const link = document.getElementById(id);
    if (link) window.location.href = link.href;
  }
  name.addEventListener("keydown", (event) => {
    if (event.key === "Enter") { event.preventDefault(); document.getElementById("qs-save-name").click(); }
    if (event.key === "Escape") name.blur();
  });
  document.addEventListener("keydown", (event) => {
    if (event.target.closest("input, textarea, select") || event.ctrlKey || event.metaKey || event.altKey) return;
    const key = event.key.toLowerCase();
    const button = form.querySelector(`button[data-key="${CSS.escape(key)}"]`);
    if (button && !button.disabled && !form.querySelector("fieldset").disabled) {
      event.preventDefault();
      button.click();
    } else if (key === "arrowleft") { follow("qs-previous"); }
    else if (key === "arrowright") { follow("qs-next"); }
    else if (key === "u") { follow("qs-uncoded"); }
    else if (key === "h") { hidden = !hidden; showTool(hidden); }
    else if (key === "s" || key === "/") { event.preventDefault(); name.focus(); }
  });
})();
