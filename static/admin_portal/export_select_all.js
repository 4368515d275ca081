// The export page's « select all » box (templates/admin/import_export/export.html), wired
// here rather than by an inline onchange attribute, which the Content-Security-Policy refuses.
// onSelectToggleChange comes from django-import-export's export_selectable_fields.js.
document.addEventListener("DOMContentLoaded", () => {
  const toggle = document.getElementById("select-all-toggle");
  if (toggle) {
    toggle.addEventListener("change", onSelectToggleChange);
  }
});
