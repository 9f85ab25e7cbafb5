class HousekeyPanel extends HTMLElement {}
customElements.define("housekey-panel", HousekeyPanel);
