/** The portal's whole style sheet, served as /static/portal.css (the CSP allows no inline style). */
export const PORTAL_CSS = `
*{box-sizing:border-box}
body{margin:0;font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1d2733;background:#eef1f5}
.bar{display:flex;flex-wrap:wrap;gap:1rem;align-items:center;padding:.6rem 1.2rem;background:#1f3b5a;color:#fff}
.bar .brand{font-weight:700;letter-spacing:.02em}
.bar .account{opacity:.85}
.bar nav{margin-left:auto;display:flex;gap:.9rem;align-items:center}
.bar a,.bar .link{color:#fff}
.bar .menu{opacity:.7}
main{max-width:960px;margin:1.2rem auto;padding:0 1rem}
h1{font-size:1.4rem;margin:.4rem 0 1rem}
h2{font-size:.95rem;letter-spacing:.06em;color:#3d5570;margin:0 0 .6rem}
.card{background:#fff;border:1px solid #d4dbe3;border-radius:6px;padding:1rem 1.2rem;margin-bottom:1rem}
.narrow{max-width:420px;margin:2rem auto}
dl{display:grid;grid-template-columns:10rem 1fr;gap:.35rem 1rem;margin:0}
dt{color:#5a6b7d}
dd{margin:0}
label{display:block;margin:.6rem 0}
input:not([type=hidden]),select{display:block;margin-top:.2rem;padding:.4rem .5rem;border:1px solid #aab6c3;border-radius:4px;font:inherit;width:100%}
td select{display:inline-block;width:auto;margin:0;padding:.15rem .3rem}
button,.button{display:inline-block;padding:.45rem 1rem;border:0;border-radius:4px;background:#2a6bb0;color:#fff;font:inherit;cursor:pointer;text-decoration:none}
button.secondary{background:#e3e8ee;color:#1d2733}
button.danger{background:#b03a2a}
button.link{background:none;color:#2a6bb0;padding:0;text-decoration:underline}
form.inline{display:inline}
.buttons{display:flex;gap:.6rem;margin-top:.8rem}
.flash{padding:.6rem .9rem;border-radius:4px;margin:0 0 1rem;font-weight:600}
.flash.success{background:#e2f4e4;border:1px solid #8cc895;color:#1d5a27}
.flash.error{background:#fbe6e3;border:1px solid #e0a097;color:#8a2317}
.muted{color:#6b7a89}
.overlay{position:fixed;inset:0;background:rgba(20,30,45,.55);display:flex;align-items:flex-start;justify-content:center;padding-top:6vh;overflow:auto}
dialog{position:static;border:0;border-radius:8px;max-width:440px;width:92%;padding:1.2rem 1.4rem;box-shadow:0 10px 40px rgba(0,0,0,.3)}
.qr{display:block;margin:.6rem auto;image-rendering:pixelated;width:246px;height:246px}
.key{text-align:center;font-size:1.1rem;letter-spacing:.05em}
.codes{columns:2;font-size:1.05rem}
.recovery{border-color:#8cc895}
table.grid{border-collapse:collapse;width:100%;background:#fff}
table.grid th,table.grid td{border:1px solid #d4dbe3;padding:.35rem .5rem;text-align:left}
table.grid thead th{background:#f2f5f8}
table.permissions td{white-space:nowrap}
table.permissions td.na{color:#8a96a3;text-align:center}
.inherited{margin-left:.35rem;color:#5a6b7d}
.depth-1{padding-left:1.4rem!important}.depth-2{padding-left:2.6rem!important}.depth-3{padding-left:3.8rem!important}
tr.inactive{color:#8a96a3}
.tag{margin-left:.4rem;font-size:.75rem;background:#e3e8ee;border-radius:3px;padding:0 .3rem}
.tabs{display:flex;gap:.2rem;margin-bottom:-1px}
.tab{padding:.45rem .9rem;border:1px solid #d4dbe3;border-bottom:0;border-radius:6px 6px 0 0;background:#e3e8ee;color:#1d2733;text-decoration:none}
.tab.active{background:#fff;font-weight:600}
.tab-body{border-top-left-radius:0}
.filter{display:flex;gap:.6rem;align-items:flex-end;margin-bottom:.8rem}
.filter label{margin:0;flex:0 1 20rem}
`;
