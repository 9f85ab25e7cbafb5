var F=globalThis,j=F.ShadowRoot&&(F.ShadyCSS===void 0||F.ShadyCSS.nativeShadow)&&"adoptedStyleSheets"in Document.prototype&&"replace"in CSSStyleSheet.prototype,Y=Symbol(),ft=new WeakMap,M=class{constructor(t,e,s){if(this._$cssResult$=!0,s!==Y)throw Error("CSSResult is not constructable. Use `unsafeCSS` or `css` instead.");this.cssText=t,this.t=e}get styleSheet(){let t=this.o,e=this.t;if(j&&t===void 0){let s=e!==void 0&&e.length===1;s&&(t=ft.get(e)),t===void 0&&((this.o=t=new CSSStyleSheet).replaceSync(this.cssText),s&&ft.set(e,t))}return t}toString(){return this.cssText}},gt=i=>new M(typeof i=="string"?i:i+"",void 0,Y),p=(i,...t)=>{let e=i.length===1?i[0]:t.reduce((s,r,a)=>s+(n=>{if(n._$cssResult$===!0)return n.cssText;if(typeof n=="number")return n;throw Error("Value passed to 'css' function must be a 'css' function result: "+n+". Use 'unsafeCSS' to pass non-literal values, but take care to ensure page security.")})(r)+i[a+1],i[0]);return new M(e,i,Y)},vt=(i,t)=>{if(j)i.adoptedStyleSheets=t.map(e=>e instanceof CSSStyleSheet?e:e.styleSheet);else for(let e of t){let s=document.createElement("style"),r=F.litNonce;r!==void 0&&s.setAttribute("nonce",r),s.textContent=e.cssText,i.appendChild(s)}},Z=j?i=>i:i=>i instanceof CSSStyleSheet?(t=>{let e="";for(let s of t.cssRules)e+=s.cssText;return gt(e)})(i):i;var{is:jt,defineProperty:It,getOwnPropertyDescriptor:Bt,getOwnPropertyNames:qt,getOwnPropertySymbols:Vt,getPrototypeOf:Kt}=Object,I=globalThis,$t=I.trustedTypes,Yt=$t?$t.emptyScript:"",Zt=I.reactiveElementPolyfillSupport,H=(i,t)=>i,J={toAttribute(i,t){switch(t){case Boolean:i=i?Yt:null;break;case Object:case Array:i=i==null?i:JSON.stringify(i)}return i},fromAttribute(i,t){let e=i;switch(t){case Boolean:e=i!==null;break;case Number:e=i===null?null:Number(i);break;case Object:case Array:try{e=JSON.parse(i)}catch{e=null}}return e}},bt=(i,t)=>!jt(i,t),yt={attribute:!0,type:String,converter:J,reflect:!1,useDefault:!1,hasChanged:bt};Symbol.metadata??=Symbol("metadata"),I.litPropertyMetadata??=new WeakMap;var y=class extends HTMLElement{static addInitializer(t){this._$Ei(),(this.l??=[]).push(t)}static get observedAttributes(){return this.finalize(),this._$Eh&&[...this._$Eh.keys()]}static createProperty(t,e=yt){if(e.state&&(e.attribute=!1),this._$Ei(),this.prototype.hasOwnProperty(t)&&((e=Object.create(e)).wrapped=!0),this.elementProperties.set(t,e),!e.noAccessor){let s=Symbol(),r=this.getPropertyDescriptor(t,s,e);r!==void 0&&It(this.prototype,t,r)}}static getPropertyDescriptor(t,e,s){let{get:r,set:a}=Bt(this.prototype,t)??{get(){return this[e]},set(n){this[e]=n}};return{get:r,set(n){let d=r?.call(this);a?.call(this,n),this.requestUpdate(t,d,s)},configurable:!0,enumerable:!0}}static getPropertyOptions(t){return this.elementProperties.get(t)??yt}static _$Ei(){if(this.hasOwnProperty(H("elementProperties")))return;let t=Kt(this);t.finalize(),t.l!==void 0&&(this.l=[...t.l]),this.elementProperties=new Map(t.elementProperties)}static finalize(){if(this.hasOwnProperty(H("finalized")))return;if(this.finalized=!0,this._$Ei(),this.hasOwnProperty(H("properties"))){let e=this.properties,s=[...qt(e),...Vt(e)];for(let r of s)this.createProperty(r,e[r])}let t=this[Symbol.metadata];if(t!==null){let e=litPropertyMetadata.get(t);if(e!==void 0)for(let[s,r]of e)this.elementProperties.set(s,r)}this._$Eh=new Map;for(let[e,s]of this.elementProperties){let r=this._$Eu(e,s);r!==void 0&&this._$Eh.set(r,e)}this.elementStyles=this.finalizeStyles(this.styles)}static finalizeStyles(t){let e=[];if(Array.isArray(t)){let s=new Set(t.flat(1/0).reverse());for(let r of s)e.unshift(Z(r))}else t!==void 0&&e.push(Z(t));return e}static _$Eu(t,e){let s=e.attribute;return s===!1?void 0:typeof s=="string"?s:typeof t=="string"?t.toLowerCase():void 0}constructor(){super(),this._$Ep=void 0,this.isUpdatePending=!1,this.hasUpdated=!1,this._$Em=null,this._$Ev()}_$Ev(){this._$ES=new Promise(t=>this.enableUpdating=t),this._$AL=new Map,this._$E_(),this.requestUpdate(),this.constructor.l?.forEach(t=>t(this))}addController(t){(this._$EO??=new Set).add(t),this.renderRoot!==void 0&&this.isConnected&&t.hostConnected?.()}removeController(t){this._$EO?.delete(t)}_$E_(){let t=new Map,e=this.constructor.elementProperties;for(let s of e.keys())this.hasOwnProperty(s)&&(t.set(s,this[s]),delete this[s]);t.size>0&&(this._$Ep=t)}createRenderRoot(){let t=this.shadowRoot??this.attachShadow(this.constructor.shadowRootOptions);return vt(t,this.constructor.elementStyles),t}connectedCallback(){this.renderRoot??=this.createRenderRoot(),this.enableUpdating(!0),this._$EO?.forEach(t=>t.hostConnected?.())}enableUpdating(t){}disconnectedCallback(){this._$EO?.forEach(t=>t.hostDisconnected?.())}attributeChangedCallback(t,e,s){this._$AK(t,s)}_$ET(t,e){let s=this.constructor.elementProperties.get(t),r=this.constructor._$Eu(t,s);if(r!==void 0&&s.reflect===!0){let a=(s.converter?.toAttribute!==void 0?s.converter:J).toAttribute(e,s.type);this._$Em=t,a==null?this.removeAttribute(r):this.setAttribute(r,a),this._$Em=null}}_$AK(t,e){let s=this.constructor,r=s._$Eh.get(t);if(r!==void 0&&this._$Em!==r){let a=s.getPropertyOptions(r),n=typeof a.converter=="function"?{fromAttribute:a.converter}:a.converter?.fromAttribute!==void 0?a.converter:J;this._$Em=r;let d=n.fromAttribute(e,a.type);this[r]=d??this._$Ej?.get(r)??d,this._$Em=null}}requestUpdate(t,e,s,r=!1,a){if(t!==void 0){let n=this.constructor;if(r===!1&&(a=this[t]),s??=n.getPropertyOptions(t),!((s.hasChanged??bt)(a,e)||s.useDefault&&s.reflect&&a===this._$Ej?.get(t)&&!this.hasAttribute(n._$Eu(t,s))))return;this.C(t,e,s)}this.isUpdatePending===!1&&(this._$ES=this._$EP())}C(t,e,{useDefault:s,reflect:r,wrapped:a},n){s&&!(this._$Ej??=new Map).has(t)&&(this._$Ej.set(t,n??e??this[t]),a!==!0||n!==void 0)||(this._$AL.has(t)||(this.hasUpdated||s||(e=void 0),this._$AL.set(t,e)),r===!0&&this._$Em!==t&&(this._$Eq??=new Set).add(t))}async _$EP(){this.isUpdatePending=!0;try{await this._$ES}catch(e){Promise.reject(e)}let t=this.scheduleUpdate();return t!=null&&await t,!this.isUpdatePending}scheduleUpdate(){return this.performUpdate()}performUpdate(){if(!this.isUpdatePending)return;if(!this.hasUpdated){if(this.renderRoot??=this.createRenderRoot(),this._$Ep){for(let[r,a]of this._$Ep)this[r]=a;this._$Ep=void 0}let s=this.constructor.elementProperties;if(s.size>0)for(let[r,a]of s){let{wrapped:n}=a,d=this[r];n!==!0||this._$AL.has(r)||d===void 0||this.C(r,void 0,a,d)}}let t=!1,e=this._$AL;try{t=this.shouldUpdate(e),t?(this.willUpdate(e),this._$EO?.forEach(s=>s.hostUpdate?.()),this.update(e)):this._$EM()}catch(s){throw t=!1,this._$EM(),s}t&&this._$AE(e)}willUpdate(t){}_$AE(t){this._$EO?.forEach(e=>e.hostUpdated?.()),this.hasUpdated||(this.hasUpdated=!0,this.firstUpdated(t)),this.updated(t)}_$EM(){this._$AL=new Map,this.isUpdatePending=!1}get updateComplete(){return this.getUpdateComplete()}getUpdateComplete(){return this._$ES}shouldUpdate(t){return!0}update(t){this._$Eq&&=this._$Eq.forEach(e=>this._$ET(e,this[e])),this._$EM()}updated(t){}firstUpdated(t){}};y.elementStyles=[],y.shadowRootOptions={mode:"open"},y[H("elementProperties")]=new Map,y[H("finalized")]=new Map,Zt?.({ReactiveElement:y}),(I.reactiveElementVersions??=[]).push("2.1.2");var rt=globalThis,xt=i=>i,B=rt.trustedTypes,_t=B?B.createPolicy("lit-html",{createHTML:i=>i}):void 0,St="$lit$",w=`lit$${Math.random().toFixed(9).slice(2)}$`,Ct="?"+w,Jt=`<${Ct}>`,P=document,O=()=>P.createComment(""),U=i=>i===null||typeof i!="object"&&typeof i!="function",it=Array.isArray,Xt=i=>it(i)||typeof i?.[Symbol.iterator]=="function",X=`[ 	
\f\r]`,R=/<(?:(!--|\/[^a-zA-Z])|(\/?[a-zA-Z][^>\s]*)|(\/?$))/g,wt=/-->/g,kt=/>/g,A=RegExp(`>|${X}(?:([^\\s"'>=/]+)(${X}*=${X}*(?:[^ 	
\f\r"'\`<>=]|("|')|))|$)`,"g"),At=/'/g,Et=/"/g,Dt=/^(?:script|style|textarea|title)$/i,ot=i=>(t,...e)=>({_$litType$:i,strings:t,values:e}),o=ot(1),ce=ot(2),pe=ot(3),S=Symbol.for("lit-noChange"),m=Symbol.for("lit-nothing"),Pt=new WeakMap,E=P.createTreeWalker(P,129);function Tt(i,t){if(!it(i)||!i.hasOwnProperty("raw"))throw Error("invalid template strings array");return _t!==void 0?_t.createHTML(t):t}var Gt=(i,t)=>{let e=i.length-1,s=[],r,a=t===2?"<svg>":t===3?"<math>":"",n=R;for(let d=0;d<e;d++){let l=i[d],u,f,c=-1,$=0;for(;$<l.length&&(n.lastIndex=$,f=n.exec(l),f!==null);)$=n.lastIndex,n===R?f[1]==="!--"?n=wt:f[1]!==void 0?n=kt:f[2]!==void 0?(Dt.test(f[2])&&(r=RegExp("</"+f[2],"g")),n=A):f[3]!==void 0&&(n=A):n===A?f[0]===">"?(n=r??R,c=-1):f[1]===void 0?c=-2:(c=n.lastIndex-f[2].length,u=f[1],n=f[3]===void 0?A:f[3]==='"'?Et:At):n===Et||n===At?n=A:n===wt||n===kt?n=R:(n=A,r=void 0);let _=n===A&&i[d+1].startsWith("/>")?" ":"";a+=n===R?l+Jt:c>=0?(s.push(u),l.slice(0,c)+St+l.slice(c)+w+_):l+w+(c===-2?d:_)}return[Tt(i,a+(i[e]||"<?>")+(t===2?"</svg>":t===3?"</math>":"")),s]},N=class i{constructor({strings:t,_$litType$:e},s){let r;this.parts=[];let a=0,n=0,d=t.length-1,l=this.parts,[u,f]=Gt(t,e);if(this.el=i.createElement(u,s),E.currentNode=this.el.content,e===2||e===3){let c=this.el.content.firstChild;c.replaceWith(...c.childNodes)}for(;(r=E.nextNode())!==null&&l.length<d;){if(r.nodeType===1){if(r.hasAttributes())for(let c of r.getAttributeNames())if(c.endsWith(St)){let $=f[n++],_=r.getAttribute(c).split(w),z=/([.?@])?(.*)/.exec($);l.push({type:1,index:a,name:z[2],strings:_,ctor:z[1]==="."?Q:z[1]==="?"?tt:z[1]==="@"?et:D}),r.removeAttribute(c)}else c.startsWith(w)&&(l.push({type:6,index:a}),r.removeAttribute(c));if(Dt.test(r.tagName)){let c=r.textContent.split(w),$=c.length-1;if($>0){r.textContent=B?B.emptyScript:"";for(let _=0;_<$;_++)r.append(c[_],O()),E.nextNode(),l.push({type:2,index:++a});r.append(c[$],O())}}}else if(r.nodeType===8)if(r.data===Ct)l.push({type:2,index:a});else{let c=-1;for(;(c=r.data.indexOf(w,c+1))!==-1;)l.push({type:7,index:a}),c+=w.length-1}a++}}static createElement(t,e){let s=P.createElement("template");return s.innerHTML=t,s}};function C(i,t,e=i,s){if(t===S)return t;let r=s!==void 0?e._$Co?.[s]:e._$Cl,a=U(t)?void 0:t._$litDirective$;return r?.constructor!==a&&(r?._$AO?.(!1),a===void 0?r=void 0:(r=new a(i),r._$AT(i,e,s)),s!==void 0?(e._$Co??=[])[s]=r:e._$Cl=r),r!==void 0&&(t=C(i,r._$AS(i,t.values),r,s)),t}var G=class{constructor(t,e){this._$AV=[],this._$AN=void 0,this._$AD=t,this._$AM=e}get parentNode(){return this._$AM.parentNode}get _$AU(){return this._$AM._$AU}u(t){let{el:{content:e},parts:s}=this._$AD,r=(t?.creationScope??P).importNode(e,!0);E.currentNode=r;let a=E.nextNode(),n=0,d=0,l=s[0];for(;l!==void 0;){if(n===l.index){let u;l.type===2?u=new L(a,a.nextSibling,this,t):l.type===1?u=new l.ctor(a,l.name,l.strings,this,t):l.type===6&&(u=new st(a,this,t)),this._$AV.push(u),l=s[++d]}n!==l?.index&&(a=E.nextNode(),n++)}return E.currentNode=P,r}p(t){let e=0;for(let s of this._$AV)s!==void 0&&(s.strings!==void 0?(s._$AI(t,s,e),e+=s.strings.length-2):s._$AI(t[e])),e++}},L=class i{get _$AU(){return this._$AM?._$AU??this._$Cv}constructor(t,e,s,r){this.type=2,this._$AH=m,this._$AN=void 0,this._$AA=t,this._$AB=e,this._$AM=s,this.options=r,this._$Cv=r?.isConnected??!0}get parentNode(){let t=this._$AA.parentNode,e=this._$AM;return e!==void 0&&t?.nodeType===11&&(t=e.parentNode),t}get startNode(){return this._$AA}get endNode(){return this._$AB}_$AI(t,e=this){t=C(this,t,e),U(t)?t===m||t==null||t===""?(this._$AH!==m&&this._$AR(),this._$AH=m):t!==this._$AH&&t!==S&&this._(t):t._$litType$!==void 0?this.$(t):t.nodeType!==void 0?this.T(t):Xt(t)?this.k(t):this._(t)}O(t){return this._$AA.parentNode.insertBefore(t,this._$AB)}T(t){this._$AH!==t&&(this._$AR(),this._$AH=this.O(t))}_(t){this._$AH!==m&&U(this._$AH)?this._$AA.nextSibling.data=t:this.T(P.createTextNode(t)),this._$AH=t}$(t){let{values:e,_$litType$:s}=t,r=typeof s=="number"?this._$AC(t):(s.el===void 0&&(s.el=N.createElement(Tt(s.h,s.h[0]),this.options)),s);if(this._$AH?._$AD===r)this._$AH.p(e);else{let a=new G(r,this),n=a.u(this.options);a.p(e),this.T(n),this._$AH=a}}_$AC(t){let e=Pt.get(t.strings);return e===void 0&&Pt.set(t.strings,e=new N(t)),e}k(t){it(this._$AH)||(this._$AH=[],this._$AR());let e=this._$AH,s,r=0;for(let a of t)r===e.length?e.push(s=new i(this.O(O()),this.O(O()),this,this.options)):s=e[r],s._$AI(a),r++;r<e.length&&(this._$AR(s&&s._$AB.nextSibling,r),e.length=r)}_$AR(t=this._$AA.nextSibling,e){for(this._$AP?.(!1,!0,e);t!==this._$AB;){let s=xt(t).nextSibling;xt(t).remove(),t=s}}setConnected(t){this._$AM===void 0&&(this._$Cv=t,this._$AP?.(t))}},D=class{get tagName(){return this.element.tagName}get _$AU(){return this._$AM._$AU}constructor(t,e,s,r,a){this.type=1,this._$AH=m,this._$AN=void 0,this.element=t,this.name=e,this._$AM=r,this.options=a,s.length>2||s[0]!==""||s[1]!==""?(this._$AH=Array(s.length-1).fill(new String),this.strings=s):this._$AH=m}_$AI(t,e=this,s,r){let a=this.strings,n=!1;if(a===void 0)t=C(this,t,e,0),n=!U(t)||t!==this._$AH&&t!==S,n&&(this._$AH=t);else{let d=t,l,u;for(t=a[0],l=0;l<a.length-1;l++)u=C(this,d[s+l],e,l),u===S&&(u=this._$AH[l]),n||=!U(u)||u!==this._$AH[l],u===m?t=m:t!==m&&(t+=(u??"")+a[l+1]),this._$AH[l]=u}n&&!r&&this.j(t)}j(t){t===m?this.element.removeAttribute(this.name):this.element.setAttribute(this.name,t??"")}},Q=class extends D{constructor(){super(...arguments),this.type=3}j(t){this.element[this.name]=t===m?void 0:t}},tt=class extends D{constructor(){super(...arguments),this.type=4}j(t){this.element.toggleAttribute(this.name,!!t&&t!==m)}},et=class extends D{constructor(t,e,s,r,a){super(t,e,s,r,a),this.type=5}_$AI(t,e=this){if((t=C(this,t,e,0)??m)===S)return;let s=this._$AH,r=t===m&&s!==m||t.capture!==s.capture||t.once!==s.once||t.passive!==s.passive,a=t!==m&&(s===m||r);r&&this.element.removeEventListener(this.name,this,s),a&&this.element.addEventListener(this.name,this,t),this._$AH=t}handleEvent(t){typeof this._$AH=="function"?this._$AH.call(this.options?.host??this.element,t):this._$AH.handleEvent(t)}},st=class{constructor(t,e,s){this.element=t,this.type=6,this._$AN=void 0,this._$AM=e,this.options=s}get _$AU(){return this._$AM._$AU}_$AI(t){C(this,t)}};var Qt=rt.litHtmlPolyfillSupport;Qt?.(N,L),(rt.litHtmlVersions??=[]).push("3.3.3");var Mt=(i,t,e)=>{let s=e?.renderBefore??t,r=s._$litPart$;if(r===void 0){let a=e?.renderBefore??null;s._$litPart$=r=new L(t.insertBefore(O(),a),a,void 0,e??{})}return r._$AI(i),r};var at=globalThis,k=class extends y{constructor(){super(...arguments),this.renderOptions={host:this},this._$Do=void 0}createRenderRoot(){let t=super.createRenderRoot();return this.renderOptions.renderBefore??=t.firstChild,t}update(t){let e=this.render();this.hasUpdated||(this.renderOptions.isConnected=this.isConnected),super.update(t),this._$Do=Mt(e,this.renderRoot,this.renderOptions)}connectedCallback(){super.connectedCallback(),this._$Do?.setConnected(!0)}disconnectedCallback(){super.disconnectedCallback(),this._$Do?.setConnected(!1)}render(){return S}};k._$litElement$=!0,k.finalized=!0,at.litElementHydrateSupport?.({LitElement:k});var te=at.litElementPolyfillSupport;te?.({LitElement:k});(at.litElementVersions??=[]).push("4.2.2");function v(i){if(typeof i=="object"&&i!==null&&"message"in i){let t=i.message;if(typeof t=="string"&&t)return t}return String(i)}function Ht(i){return i.callWS({type:"housekey/households"})}var q=class{constructor(t,e){this.hass=t;this.entryId=e}call(t,e={}){return this.hass.callWS({type:`housekey/${t}`,entry_id:this.entryId,...e})}people(){return this.call("people")}doors(){return this.call("doors")}activity(t){return this.call("activity",t)}subscribe(t){return this.hass.connection.subscribeMessage(e=>t(e.type),{type:"housekey/subscribe",entry_id:this.entryId})}add(t){return this.call("person/add",t)}update(t,e){return this.call("person/update",{person:t,...e})}setPin(t,e){return this.call("person/set_pin",e===void 0?{person:t}:{person:t,pin:e})}revealPin(t){return this.call("person/reveal_pin",{person:t})}suspend(t){return this.call("person/suspend",{person:t})}resume(t){return this.call("person/resume",{person:t})}offboard(t){return this.call("person/offboard",{person:t})}clearForeign(t,e){return this.call("door/clear_foreign",e?{lock:t,slots:e}:{lock:t})}adoptForeign(t,e,s){return this.call("door/adopt_foreign",{lock:t,slot:e,...s})}};var ee="component.housekey.panel.";function Rt(i,t,e){let s=i?.localize(ee+t,e);if(s)return s;let r=(t.split(".").pop()??t).replaceAll("_"," ");r=r.charAt(0).toUpperCase()+r.slice(1);for(let[a,n]of Object.entries(e??{}))r+=` ${a}: ${n}`;return r}var h=class extends k{static{this.properties={hass:{attribute:!1}}}t(t,e){return Rt(this.hass,t,e)}emit(t,e){this.dispatchEvent(new CustomEvent(t,{detail:e,bubbles:!0,composed:!0}))}};function se(i){return i.locale?.language??i.language??"en"}function b(i,t){if(!t)return"";let e=new Date(t);return Number.isNaN(e.getTime())?t:new Intl.DateTimeFormat(se(i),{dateStyle:"medium",timeStyle:"short",timeZone:i.config.time_zone}).format(e)}function V(i,t){if(!t)return"";let e=new Date(t);if(Number.isNaN(e.getTime()))return"";let s=Object.fromEntries(new Intl.DateTimeFormat("en-CA",{timeZone:i.config.time_zone,year:"numeric",month:"2-digit",day:"2-digit",hour:"2-digit",minute:"2-digit",hourCycle:"h23"}).formatToParts(e).map(r=>[r.type,r.value]));return`${s.year}-${s.month}-${s.day}T${s.hour}:${s.minute}`}function Ot(i){return`${V(i,new Date().toISOString()).slice(0,10)}T00:00`}function K(i,t){return!!(i&&t)&&t<=i}var g=p`
  :host {
    color: var(--primary-text-color);
    font-family: var(--ha-font-family-body, var(--paper-font-body1_-_font-family, Roboto, sans-serif));
  }
  * {
    box-sizing: border-box;
  }
  .card {
    background: var(--card-background-color, #fff);
    border-radius: var(--ha-card-border-radius, 12px);
    box-shadow: var(--ha-card-box-shadow, none);
    border: 1px solid var(--ha-card-border-color, var(--divider-color, #e0e0e0));
    padding: 16px;
  }
  h2 {
    font-size: 1.25rem;
    font-weight: 500;
    margin: 0 0 8px;
  }
  h3 {
    font-size: 1.05rem;
    font-weight: 500;
    margin: 0;
  }
  .muted {
    color: var(--secondary-text-color);
  }
  .row {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 8px;
  }
  .spacer {
    flex: 1;
  }
  button {
    font: inherit;
    font-weight: 500;
    cursor: pointer;
    border-radius: 18px;
    padding: 6px 14px;
    min-height: 36px;
    border: 1px solid var(--divider-color, #ccc);
    background: transparent;
    color: var(--primary-color);
  }
  button.primary {
    background: var(--primary-color);
    border-color: var(--primary-color);
    color: var(--text-primary-color, #fff);
  }
  button.danger {
    color: var(--error-color, #db4437);
    border-color: var(--error-color, #db4437);
  }
  button.danger.primary {
    background: var(--error-color, #db4437);
    color: var(--text-primary-color, #fff);
  }
  button:disabled {
    opacity: 0.5;
    cursor: default;
  }
  button:focus-visible,
  input:focus-visible,
  select:focus-visible,
  a:focus-visible {
    outline: 2px solid var(--primary-color);
    outline-offset: 2px;
  }
  input,
  select {
    font: inherit;
    color: var(--primary-text-color);
    background: var(--secondary-background-color, var(--primary-background-color));
    border: 1px solid var(--divider-color, #ccc);
    border-radius: 6px;
    padding: 6px 8px;
    min-height: 36px;
    color-scheme: light dark;
  }
  input[type="checkbox"],
  input[type="radio"] {
    min-height: auto;
    accent-color: var(--primary-color);
  }
  label.field {
    display: flex;
    flex-direction: column;
    gap: 4px;
    font-size: 0.9rem;
    color: var(--secondary-text-color);
  }
  label.field > input,
  label.field > select {
    color: var(--primary-text-color);
  }
  .error {
    color: var(--error-color, #db4437);
    background: color-mix(in srgb, var(--error-color, #db4437) 10%, transparent);
    border-radius: 6px;
    padding: 8px 12px;
  }
  .chip {
    display: inline-block;
    border-radius: 12px;
    padding: 2px 10px;
    font-size: 0.85rem;
    background: color-mix(in srgb, var(--secondary-text-color) 15%, transparent);
    white-space: nowrap;
  }
  .chip.good {
    background: color-mix(in srgb, var(--success-color, #43a047) 20%, transparent);
  }
  .chip.warn {
    background: color-mix(in srgb, var(--warning-color, #ffa600) 25%, transparent);
  }
  .chip.bad {
    background: color-mix(in srgb, var(--error-color, #db4437) 20%, transparent);
  }
  table {
    width: 100%;
    border-collapse: collapse;
  }
  th,
  td {
    text-align: start;
    padding: 8px;
    border-bottom: 1px solid var(--divider-color, #e0e0e0);
    vertical-align: top;
  }
  th {
    font-weight: 500;
    color: var(--secondary-text-color);
    font-size: 0.9rem;
  }
  .empty {
    padding: 24px;
    text-align: center;
    color: var(--secondary-text-color);
  }
  .sr-only {
    position: absolute;
    width: 1px;
    height: 1px;
    overflow: hidden;
    clip: rect(0 0 0 0);
    white-space: nowrap;
  }
`;function x(i){return["active","in_sync","granted","removed"].includes(i)?"good":["failed","unreachable","denied","expired","offboarded"].includes(i)?"bad":["pending","syncing","suspended","scheduled","used_up"].includes(i)?"warn":""}var re=["today","week","month","all","custom"],Ut=864e5,nt=class extends h{constructor(){super();this.asked=0;this.people=[],this.doors=[],this.compact=!1,this.generation=0,this.rows=[],this.loading=!1,this.error="",this.person="",this.door="",this.outcome="",this.period="week",this.from="",this.to=""}static{this.properties={api:{attribute:!1},people:{attribute:!1},doors:{attribute:!1},compact:{type:Boolean},generation:{type:Number},rows:{state:!0},loading:{state:!0},error:{state:!0},person:{state:!0},door:{state:!0},outcome:{state:!0},period:{state:!0},from:{state:!0},to:{state:!0}}}static{this.styles=[g,p`
      .filters {
        display: flex;
        flex-wrap: wrap;
        gap: 12px;
        align-items: end;
        margin-bottom: 16px;
      }
      .card.table {
        padding: 0;
        overflow-x: auto;
      }
      .cards {
        display: flex;
        flex-direction: column;
        gap: 8px;
      }
      .cards .card {
        padding: 12px;
        display: flex;
        flex-direction: column;
        gap: 4px;
      }
    `]}filter(){let e={};this.person&&(e.person=this.person),this.door&&(e.lock=this.door),this.outcome&&(e.outcome=this.outcome);let s=Date.now();return this.period==="today"&&(e.start=Ot(this.hass)),this.period==="week"&&(e.start=new Date(s-7*Ut).toISOString()),this.period==="month"&&(e.start=new Date(s-30*Ut).toISOString()),this.period==="custom"&&(this.from&&(e.start=this.from),this.to&&(e.end=this.to)),e}willUpdate(e){let s=["api","generation","person","door","outcome","period","from","to"];this.api&&s.some(r=>e.has(r))&&this.load()}async load(){let e=++this.asked;this.loading=!0;try{let s=await this.api.activity(this.filter());if(e!==this.asked)return;this.rows=s,this.error=""}catch(s){e===this.asked&&(this.error=v(s))}finally{e===this.asked&&(this.loading=!1)}}doorName(e){return this.doors.find(s=>s.entity_id===e)?.name??e}who(e){return e.person_name??this.t("activity.unknown_person")}select(e,s,r,a,n){return o`<label class="field"
      >${s}
      <select data-test=${e} @change=${d=>n(d.target.value)}>
        ${a.map(([d,l])=>o`<option value=${d} ?selected=${d===r}>${l}</option>`)}
      </select></label
    >`}renderFilters(){let e=[["",this.t("activity.everyone")]],s=[["",this.t("activity.every_door")]];return o`<div class="filters" role="search">
      ${this.select("filter-person",this.t("activity.person"),this.person,e.concat(this.people.map(r=>[r.person_id,r.name])),r=>this.person=r)}
      ${this.select("filter-door",this.t("activity.door"),this.door,s.concat(this.doors.map(r=>[r.entity_id,r.name])),r=>this.door=r)}
      ${this.select("filter-outcome",this.t("activity.outcome"),this.outcome,[["",this.t("activity.any_outcome")],["granted",this.t("outcome.granted")],["denied",this.t("outcome.denied")]],r=>this.outcome=r)}
      ${this.select("filter-period",this.t("activity.period"),this.period,re.map(r=>[r,this.t(`period.${r}`)]),r=>this.period=r)}
      ${this.period==="custom"?o`<label class="field"
              >${this.t("activity.from")}
              <input
                type="datetime-local"
                data-test="filter-from"
                .value=${this.from}
                @change=${r=>this.from=r.target.value}
            /></label>
            <label class="field"
              >${this.t("activity.to")}
              <input
                type="datetime-local"
                data-test="filter-to"
                .value=${this.to}
                @change=${r=>this.to=r.target.value}
            /></label>`:""}
    </div>`}attrs(e){return{person:e.person_id??"",door:e.lock,outcome:e.outcome}}outcomeChip(e){return o`<span class="chip ${x(e.outcome)}">${this.t(`outcome.${e.outcome}`)}</span>`}renderRows(){return this.compact?o`<div class="cards">
        ${this.rows.map(e=>{let s=this.attrs(e);return o`<div class="card" data-test="activity-row" data-person=${s.person} data-door=${s.door} data-outcome=${s.outcome}>
            <div class="row"><strong>${this.who(e)}</strong><span class="spacer"></span>${this.outcomeChip(e)}</div>
            <span>${this.doorName(e.lock)} · ${this.t(`method.${e.method}`)}</span>
            <span class="muted">${b(this.hass,e.time)}</span>
          </div>`})}
      </div>`:o`<div class="card table">
      <table>
        <thead>
          <tr>
            <th scope="col">${this.t("activity.when")}</th>
            <th scope="col">${this.t("activity.person")}</th>
            <th scope="col">${this.t("activity.door")}</th>
            <th scope="col">${this.t("activity.outcome")}</th>
            <th scope="col">${this.t("activity.method")}</th>
          </tr>
        </thead>
        <tbody>
          ${this.rows.map(e=>{let s=this.attrs(e);return o`<tr data-test="activity-row" data-person=${s.person} data-door=${s.door} data-outcome=${s.outcome}>
              <td>${b(this.hass,e.time)}</td>
              <td>${this.who(e)}</td>
              <td>${this.doorName(e.lock)}</td>
              <td>${this.outcomeChip(e)}</td>
              <td>${this.t(`method.${e.method}`)}</td>
            </tr>`})}
        </tbody>
      </table>
    </div>`}render(){return o`<h2>${this.t("activity.title")}</h2>
      ${this.renderFilters()}
      ${this.error?o`<div class="error" role="alert">${this.error}</div>`:""}
      ${this.rows.length?this.renderRows():o`<div class="card empty" aria-live="polite">
            ${this.loading?this.t("common.loading"):this.t("activity.empty")}
          </div>`}`}};customElements.define("hk-activity-view",nt);var Nt="button, input, select, textarea, a[href], [tabindex]:not([tabindex='-1'])";function ie(){let i=document.activeElement;for(;i?.shadowRoot?.activeElement;)i=i.shadowRoot.activeElement;return i instanceof HTMLElement?i:null}var lt=class extends h{constructor(){super();this.returnFocus=null;this.open=!1,this.heading="",this.wide=!1}static{this.properties={open:{type:Boolean},heading:{},wide:{type:Boolean}}}static{this.styles=[g,p`
      dialog {
        border: none;
        padding: 0;
        border-radius: var(--ha-dialog-border-radius, 24px);
        background: var(--card-background-color, #fff);
        color: var(--primary-text-color);
        width: min(480px, calc(100vw - 24px));
        max-height: calc(100vh - 48px);
        box-shadow: 0 8px 32px rgba(0, 0, 0, 0.35);
      }
      dialog.wide {
        width: min(760px, calc(100vw - 24px));
      }
      dialog::backdrop {
        background: rgba(0, 0, 0, 0.45);
      }
      header {
        display: flex;
        align-items: center;
        gap: 8px;
        padding: 20px 24px 8px;
      }
      header h2 {
        flex: 1;
        margin: 0;
      }
      .close {
        border: none;
        font-size: 1.4rem;
        line-height: 1;
        padding: 4px 10px;
        color: var(--secondary-text-color);
      }
      .body {
        padding: 8px 24px 24px;
      }
      @media (max-width: 600px) {
        dialog,
        dialog.wide {
          width: 100vw;
          max-width: 100vw;
          max-height: 100vh;
          height: 100%;
          border-radius: 0;
        }
      }
    `]}get dialog(){return this.renderRoot.querySelector("dialog")}updated(e){let s=this.dialog;!e.has("open")||!s||(this.open&&!s.open?(this.returnFocus=ie(),s.showModal(),this.focusFirst()):!this.open&&s.open&&s.close())}async focusFirst(){let e=this.renderRoot.querySelector("slot")?.assignedElements({flatten:!0})??[];for(let s of e){s instanceof h&&await s.updateComplete;let r=s.shadowRoot??s,a=r.querySelector("[autofocus]")??(s.matches(Nt)?s:null)??r.querySelector(Nt);if(a){a.focus();return}}}onCancel(e){e.preventDefault(),this.emit("closed")}onClose(){this.returnFocus?.focus(),this.returnFocus=null,this.open&&this.emit("closed")}render(){return o`<dialog
      class=${this.wide?"wide":""}
      aria-labelledby="title"
      @cancel=${this.onCancel}
      @close=${this.onClose}
    >
      <header>
        <h2 id="title">${this.heading}</h2>
        <button
          class="close"
          data-test="dialog-close"
          aria-label=${this.t("common.close")}
          @click=${this.onCancel}
        >
          ×
        </button>
      </header>
      <div class="body"><slot></slot></div>
    </dialog>`}};customElements.define("hk-dialog",lt);var W=["mon","tue","wed","thu","fri","sat","sun"],Lt=["resident","guest","service","admin"];var dt=class extends h{static{this.properties={windows:{attribute:!1}}}constructor(){super(),this.windows=[]}static{this.styles=[g,p`
      .window {
        border: 1px solid var(--divider-color);
        border-radius: 8px;
        padding: 12px;
        margin-bottom: 8px;
        display: flex;
        flex-direction: column;
        gap: 8px;
      }
      .days {
        display: flex;
        flex-wrap: wrap;
        gap: 4px;
      }
      .day {
        min-width: 48px;
        padding: 4px 8px;
        color: var(--primary-text-color);
      }
      .day[aria-pressed="true"] {
        background: var(--primary-color);
        border-color: var(--primary-color);
        color: var(--text-primary-color, #fff);
      }
      .times {
        display: flex;
        flex-wrap: wrap;
        align-items: end;
        gap: 12px;
      }
      .overnight {
        color: var(--warning-color, #ffa600);
        font-weight: 500;
      }
      .none {
        margin: 0 0 8px;
      }
    `]}change(t){this.windows=t,this.emit("windows-changed",t)}edit(t,e){this.change(this.windows.map((s,r)=>r===t?{...s,...e}:s))}toggle(t,e){let s=this.windows[t]?.days??[],r=s.includes(e)?s.filter(a=>a!==e):[...s,e];this.edit(t,{days:W.filter(a=>r.includes(a))})}add(){let t=["mon","tue","wed","thu","fri"];this.change([...this.windows,{days:t,start:"09:00",end:"17:00"}])}removeWindow(t){this.change(this.windows.filter((e,s)=>s!==t))}renderWindow(t,e){let s=this.t("weekly.window",{number:e+1});return o`<fieldset class="window" data-test="window-${e}">
      <legend class="sr-only">${s}</legend>
      <div class="days" role="group" aria-label=${this.t("weekly.days")}>
        ${W.map(r=>o`<button
              type="button"
              class="day"
              data-test="day-${r}${e?`-${e}`:""}"
              aria-pressed=${t.days.includes(r)?"true":"false"}
              @click=${()=>this.toggle(e,r)}
            >
              ${this.t(`days.${r}`)}
            </button>`)}
      </div>
      <div class="times">
        <label class="field"
          >${this.t("weekly.start")}
          <input
            type="time"
            data-test="window-${e}-start"
            .value=${t.start}
            @change=${r=>this.edit(e,{start:r.target.value})}
        /></label>
        <label class="field"
          >${this.t("weekly.end")}
          <input
            type="time"
            data-test="window-${e}-end"
            .value=${t.end}
            @change=${r=>this.edit(e,{end:r.target.value})}
        /></label>
        ${K(t.start,t.end)?o`<span class="overnight" data-test="window-${e}-overnight"
              >${this.t("weekly.next_day")}</span
            >`:""}
        <span class="spacer"></span>
        <button
          type="button"
          class="danger"
          data-test="window-${e}-remove"
          aria-label=${this.t("weekly.remove_named",{number:e+1})}
          @click=${()=>this.removeWindow(e)}
        >
          ${this.t("weekly.remove")}
        </button>
      </div>
      ${t.days.length?"":o`<span class="error">${this.t("weekly.no_days")}</span>`}
    </fieldset>`}render(){return o`${this.windows.length?this.windows.map((t,e)=>this.renderWindow(t,e)):o`<p class="muted none">${this.t("weekly.any_time")}</p>`}
      <button type="button" data-test="window-add" @click=${this.add}>
        ${this.t("weekly.add")}
      </button>`}};customElements.define("hk-weekly-editor",dt);var ct=class extends h{static{this.properties={api:{attribute:!1},person:{attribute:!1},doors:{attribute:!1},adopt:{attribute:!1},error:{state:!0},saving:{state:!0},shownPin:{state:!0},copied:{state:!0},revealed:{state:!0},draft:{state:!0}}}constructor(){super(),this.person=null,this.doors=[],this.adopt=null,this.error="",this.saving=!1,this.shownPin="",this.copied=!1,this.revealed="",this.draft=Wt()}static{this.styles=[g,p`
      form {
        display: flex;
        flex-direction: column;
        gap: 16px;
      }
      .grid {
        display: grid;
        grid-template-columns: repeat(auto-fit, minmax(200px, 1fr));
        gap: 12px;
      }
      fieldset {
        border: 1px solid var(--divider-color);
        border-radius: 8px;
        padding: 8px 12px 12px;
        margin: 0;
        display: flex;
        flex-direction: column;
        gap: 8px;
      }
      legend {
        padding: 0 4px;
        font-weight: 500;
      }
      .check {
        display: flex;
        align-items: center;
        gap: 8px;
      }
      .actions {
        display: flex;
        justify-content: flex-end;
        gap: 8px;
        flex-wrap: wrap;
      }
      .pin {
        font-family: var(--ha-font-family-code, monospace);
        font-size: 2rem;
        letter-spacing: 0.3em;
        text-align: center;
        padding: 16px;
        border-radius: 8px;
        background: var(--secondary-background-color, var(--primary-background-color));
        user-select: all;
      }
      .hint {
        font-size: 0.85rem;
        color: var(--secondary-text-color);
      }
    `]}willUpdate(t){(t.has("person")||t.has("adopt"))&&(this.draft=this.person?oe(this.hass,this.person):Wt(this.adopt),this.error="",this.shownPin="",this.copied=!1,this.revealed="")}set(t){this.draft={...this.draft,...t}}value(t){return t.target.value}toggleDoor(t,e){let s=new Set(this.draft.doors);e?s.add(t):s.delete(t),this.set({doors:[...s]})}fields(){let t=this.draft,e=this.person?null:void 0,s={name:t.name,role:t.role,weekly:t.weekly},r={locks:t.allDoors?e:t.doors,valid_from:t.validFrom||e,valid_until:t.validUntil||e,max_uses:t.maxUses?Number(t.maxUses):e};for(let[a,n]of Object.entries(r))n!==void 0&&Object.assign(s,{[a]:n});return t.duress&&(s.duress_pin=t.duress),s}async save(t){if(t.preventDefault(),this.saving)return;this.saving=!0,this.error="";let e=this.draft;try{let s=this.fields(),r;this.person?(r=await this.api.update(this.person.person_id,s),e.pinMode!=="keep"&&(r=await this.api.setPin(r.person_id,e.pinMode==="type"?e.pin:void 0))):(e.pinMode==="type"&&(s.pin=e.pin),r=this.adopt?await this.api.adoptForeign(this.adopt.lock,this.adopt.slot,s):await this.api.add(s)),r.pin?this.shownPin=r.pin:this.emit("saved",r)}catch(s){this.error=v(s)}finally{this.saving=!1}}async reveal(){if(this.person){this.error="";try{this.revealed=(await this.api.revealPin(this.person.person_id)).pin}catch(t){this.error=v(t)}}}async copy(){try{await navigator.clipboard.writeText(this.shownPin),this.copied=!0}catch{let t=this.renderRoot.querySelector("[data-test='generated-pin']");t&&getSelection()?.selectAllChildren(t)}}done(){this.shownPin="",this.emit("saved",{})}renderPinShown(){return o`<div class="column">
      <p>${this.t("editor.pin_once",{name:this.draft.name})}</p>
      <div class="pin" data-test="generated-pin" aria-live="polite">${this.shownPin}</div>
      <p class="hint">${this.t("editor.pin_not_again")}</p>
      <div class="actions">
        <button type="button" data-test="copy-pin" @click=${this.copy}>
          ${this.copied?this.t("editor.copied"):this.t("editor.copy")}
        </button>
        <button type="button" class="primary" data-test="pin-done" autofocus @click=${this.done}>
          ${this.t("common.done")}
        </button>
      </div>
    </div>`}renderPin(){let t=this.draft,e=this.person?["keep","generate","type"]:["generate","type"];return o`<fieldset>
      <legend>${this.t("editor.pin")}</legend>
      ${e.map(s=>o`<label class="check"
            ><input
              type="radio"
              name="pin-mode"
              data-test="field-pin-${s}"
              .checked=${t.pinMode===s}
              @change=${()=>this.set({pinMode:s})}
            />${this.t(`editor.pin_${s}`)}</label
          >`)}
      ${this.person?o`<div class="row">
            ${this.revealed?o`<span class="chip" data-test="revealed-pin">${this.revealed}</span>`:o`<button type="button" data-test="reveal-pin" @click=${this.reveal}>
                  ${this.t("editor.reveal")}
                </button>`}
            <span class="hint">${this.t("editor.reveal_hint")}</span>
          </div>`:""}
      ${t.pinMode==="type"?o`<label class="field"
            >${this.t("editor.pin_new")}
            <input
              type="password"
              inputmode="numeric"
              autocomplete="new-password"
              data-test="field-pin"
              .value=${t.pin}
              @input=${s=>this.set({pin:this.value(s)})}
          /></label>`:""}
      <label class="field"
        >${this.t("editor.duress")}
        <input
          type="password"
          inputmode="numeric"
          autocomplete="new-password"
          data-test="field-duress-pin"
          placeholder=${this.person?.has_duress?this.t("editor.duress_kept"):""}
          .value=${t.duress}
          @input=${s=>this.set({duress:this.value(s)})}
        />
        <span class="hint">${this.t("editor.duress_hint")}</span></label
      >
    </fieldset>`}renderDoors(){let t=this.draft;return o`<fieldset>
      <legend>${this.t("editor.doors")}</legend>
      <label class="check"
        ><input
          type="checkbox"
          data-test="field-all-doors"
          .checked=${t.allDoors}
          @change=${e=>this.set({allDoors:e.target.checked})}
        />${this.t("editor.all_doors")}</label
      >
      ${this.doors.map(e=>o`<label class="check"
            ><input
              type="checkbox"
              data-test="field-door-${e.entity_id}"
              .checked=${t.allDoors||t.doors.includes(e.entity_id)}
              ?disabled=${t.allDoors}
              @change=${s=>this.toggleDoor(e.entity_id,s.target.checked)}
            />${e.name}</label
          >`)}
    </fieldset>`}render(){if(this.shownPin)return this.renderPinShown();let t=this.draft;return o`<form @submit=${this.save} novalidate>
      ${this.error?o`<div class="error" role="alert" data-test="form-error">${this.error}</div>`:""}
      <div class="grid">
        <label class="field"
          >${this.t("editor.name")}
          <input
            data-test="field-name"
            autocomplete="off"
            autofocus
            required
            .value=${t.name}
            @input=${e=>this.set({name:this.value(e)})}
        /></label>
        <label class="field"
          >${this.t("editor.role")}
          <select
            data-test="field-role"
            @change=${e=>this.set({role:this.value(e)})}
          >
            ${Lt.map(e=>o`<option value=${e} ?selected=${t.role===e}>
                  ${this.t(`role.${e}`)}
                </option>`)}
          </select></label
        >
      </div>
      ${this.renderDoors()}
      <fieldset>
        <legend>${this.t("editor.when")}</legend>
        <div class="grid">
          <label class="field"
            >${this.t("editor.valid_from")}
            <input
              type="datetime-local"
              data-test="field-valid-from"
              .value=${t.validFrom}
              @change=${e=>this.set({validFrom:this.value(e)})}
          /></label>
          <label class="field"
            >${this.t("editor.valid_until")}
            <input
              type="datetime-local"
              data-test="field-valid-until"
              .value=${t.validUntil}
              @change=${e=>this.set({validUntil:this.value(e)})}
          /></label>
          <label class="field"
            >${this.t("editor.max_uses")}
            <input
              type="number"
              min="1"
              step="1"
              inputmode="numeric"
              data-test="field-max-uses"
              placeholder=${this.t("editor.no_limit")}
              .value=${t.maxUses}
              @input=${e=>this.set({maxUses:this.value(e)})}
          /></label>
        </div>
        <span class="hint">${this.t("editor.weekly")}</span>
        <hk-weekly-editor
          .hass=${this.hass}
          .windows=${t.weekly}
          @windows-changed=${e=>this.set({weekly:e.detail})}
        ></hk-weekly-editor>
      </fieldset>
      ${this.renderPin()}
      <div class="actions">
        <button type="button" data-test="cancel" @click=${()=>this.emit("cancelled")}>
          ${this.t("common.cancel")}
        </button>
        <button type="submit" class="primary" data-test="save" ?disabled=${this.saving}>
          ${this.saving?this.t("common.saving"):this.t("common.save")}
        </button>
      </div>
    </form>`}};function Wt(i=null){return{name:"",role:"resident",allDoors:i===null,doors:i?[i.lock]:[],validFrom:"",validUntil:"",maxUses:"",weekly:[],pinMode:"generate",pin:"",duress:""}}function oe(i,t){return{name:t.name,role:t.role,allDoors:t.locks===null,doors:t.locks??[],validFrom:V(i,t.valid_from),validUntil:V(i,t.valid_until),maxUses:t.max_uses===null?"":String(t.max_uses),weekly:t.weekly.map(e=>({...e,days:[...e.days]})),pinMode:"keep",pin:"",duress:""}}customElements.define("hk-person-editor",ct);var pt=class extends h{static{this.properties={api:{attribute:!1},doors:{attribute:!1},adopting:{state:!0},clearing:{state:!0},clearSlots:{state:!0},error:{state:!0},busy:{state:!0}}}constructor(){super(),this.doors=[],this.adopting=null,this.clearing=null,this.error="",this.busy=!1}static{this.styles=[g,p`
      .grid {
        display: grid;
        grid-template-columns: repeat(auto-fill, minmax(300px, 1fr));
        gap: 16px;
      }
      .card {
        display: flex;
        flex-direction: column;
        gap: 10px;
      }
      .counts {
        display: grid;
        grid-template-columns: repeat(3, 1fr);
        gap: 8px;
        text-align: center;
      }
      .count {
        border-radius: 8px;
        padding: 8px 4px;
        background: var(--secondary-background-color, var(--primary-background-color));
      }
      .count strong {
        display: block;
        font-size: 1.4rem;
      }
      .count.foreign strong {
        color: var(--warning-color, #ffa600);
      }
      .foreign-list {
        display: flex;
        flex-direction: column;
        gap: 8px;
        border-top: 1px solid var(--divider-color);
        padding-top: 10px;
      }
      .alert {
        color: var(--warning-color, #ffa600);
        font-weight: 500;
      }
      .actions {
        display: flex;
        justify-content: flex-end;
        gap: 8px;
        flex-wrap: wrap;
        margin-top: 12px;
      }
    `]}lastAccess(t){let e=t.last_access;return e?this.t("doors.last_access",{when:b(this.hass,e.at),name:e.person_name??this.t("doors.unknown_person"),outcome:this.t(`outcome.${e.outcome}`),method:this.t(`method.${e.method}`)}):this.t("doors.never")}async clear(){let t=this.clearing;if(t){this.busy=!0,this.error="";try{await this.api.clearForeign(t.entity_id,this.clearSlots),this.clearing=null}catch(e){this.error=v(e)}finally{this.busy=!1}}}shownAlerts(t){return t.alerts.filter(e=>!(e==="foreign_code"&&t.foreign.length))}askClear(t,e){this.error="",this.clearSlots=e,this.clearing=t}renderForeign(t){if(!t.foreign_slots)return"";let e=t.foreign;return o`<div class="foreign-list" data-test="foreign-${t.entity_id}">
      <span class="alert">${this.t("doors.foreign_found",{count:t.foreign_slots})}</span>
      ${e.map(s=>o`<div class="row" data-test="foreign-slot" data-slot=${s}>
          <span>${this.t("doors.slot",{slot:s})}</span>
          <span class="spacer"></span>
          <button
            data-test="adopt-${t.entity_id}-${s}"
            @click=${()=>this.adopting={lock:t.entity_id,slot:s}}
          >
            ${this.t("doors.adopt")}
          </button>
          <button
            class="danger"
            data-test="clear-${t.entity_id}-${s}"
            aria-label=${this.t("doors.clear_slot",{slot:s})}
            @click=${()=>this.askClear(t,[s])}
          >
            ${this.t("doors.clear")}
          </button>
        </div>`)}
      <div class="row">
        <span class="muted">${this.t("doors.clear_hint")}</span>
        <span class="spacer"></span>
        <button class="danger" data-test="clear-${t.entity_id}" @click=${()=>this.askClear(t)}>
          ${this.t("doors.clear_all")}
        </button>
      </div>
    </div>`}renderDoor(t){return o`<section class="card" data-test="door" data-door=${t.entity_id} aria-label=${t.name}>
      <div class="row">
        <h3>${t.name}</h3>
        <span class="spacer"></span>
        <span class="chip ${x(t.sync_state)}" data-test="sync-state">${this.t(`sync.${t.sync_state}`)}</span>
      </div>
      <div class="row muted">
        <span class="chip">${this.t(`backend.${t.backend}`)}</span>
        <span>${t.entity_id}</span>
      </div>
      <div class="counts">
        <div class="count"><strong>${t.managed_slots}</strong>${this.t("doors.managed")}</div>
        <div class="count"><strong>${t.free_slots??"–"}</strong>${this.t("doors.free")}</div>
        <div class="count ${t.foreign_slots?"foreign":""}"><strong>${t.foreign_slots}</strong>${this.t("doors.foreign")}</div>
      </div>
      <div>
        ${t.pending_changes?o`<span class="chip warn">${this.t("doors.pending",{count:t.pending_changes})}</span>`:o`<span class="muted">${this.t("doors.nothing_pending")}</span>`}
      </div>
      <div class="muted" data-test="enforcement" data-mode=${t.enforcement}>
        ${this.t(`doors.enforcement_${t.enforcement}`)}
        ${t.fallback.length?o`<div class="alert">${this.t("doors.fallback",{count:t.fallback.length})}</div>`:""}
      </div>
      <div class="muted">${this.lastAccess(t)}</div>
      ${this.shownAlerts(t).map(e=>o`<div class="alert" role="status" data-test="alert-${e}">${this.t(`alert.${e}`)}</div>`)}
      ${this.renderForeign(t)}
    </section>`}render(){let t=this.clearing;return o`<h2>${this.t("doors.title")}</h2>
      ${this.error&&!t?o`<div class="error" role="alert">${this.error}</div>`:""}
      ${this.doors.length?o`<div class="grid">${this.doors.map(e=>this.renderDoor(e))}</div>`:o`<div class="card empty">${this.t("doors.empty")}</div>`}
      <hk-dialog
        .hass=${this.hass}
        wide
        ?open=${this.adopting!==null}
        .heading=${this.t("doors.adopt_title")}
        @closed=${()=>this.adopting=null}
      >
        ${this.adopting?o`<hk-person-editor
              .hass=${this.hass}
              .api=${this.api}
              .doors=${this.doors}
              .adopt=${this.adopting}
              @saved=${()=>this.adopting=null}
              @cancelled=${()=>this.adopting=null}
            ></hk-person-editor>`:""}
      </hk-dialog>
      <hk-dialog
        .hass=${this.hass}
        ?open=${t!==null}
        .heading=${this.t("doors.clear_title",{name:t?.name??""})}
        @closed=${()=>this.clearing=null}
      >
        ${t?o`<div>
              <p>
                ${this.clearSlots?this.t("doors.clear_slot_confirm",{slot:this.clearSlots.join(", "),name:t.name}):this.t("doors.clear_confirm",{count:t.foreign_slots,name:t.name})}
              </p>
              ${this.error?o`<div class="error" role="alert">${this.error}</div>`:""}
              <div class="actions">
                <button data-test="cancel" autofocus @click=${()=>this.clearing=null}>
                  ${this.t("common.cancel")}
                </button>
                <button class="danger primary" data-test="clear-confirm" ?disabled=${this.busy} @click=${this.clear}>
                  ${this.t("doors.clear")}
                </button>
              </div>
            </div>`:""}
      </hk-dialog>`}};customElements.define("hk-doors-view",pt);var ht=class extends h{static{this.properties={api:{attribute:!1},person:{attribute:!1},doors:{attribute:!1},phase:{state:!0},result:{state:!0},error:{state:!0}}}constructor(){super(),this.doors=[],this.phase="confirm",this.result={},this.error=""}static{this.styles=[g,p`
      ul {
        list-style: none;
        padding: 0;
        margin: 12px 0;
        display: flex;
        flex-direction: column;
        gap: 8px;
      }
      li {
        display: flex;
        flex-wrap: wrap;
        align-items: center;
        gap: 8px;
        padding: 8px 12px;
        border: 1px solid var(--divider-color);
        border-radius: 8px;
      }
      .why {
        width: 100%;
        font-size: 0.85rem;
        color: var(--secondary-text-color);
      }
      .actions {
        display: flex;
        justify-content: flex-end;
        gap: 8px;
      }
    `]}get affected(){let t=this.person.locks;return t===null?this.doors:this.doors.filter(e=>t.includes(e.entity_id))}async run(){this.phase="running",this.error="";try{this.result=(await this.api.offboard(this.person.person_id)).locks,this.phase="done",this.emit("offboarded",this.person.person_id)}catch(t){this.error=v(t),this.phase="confirm"}}renderDoor(t){let e=this.result[t.entity_id]??"pending",r=e!=="removed"&&this.phase==="done"?this.t("offboard.why",{state:this.t(`sync.${t.sync_state}`),pending:t.pending_changes}):"",a=this.phase==="running"?this.t("offboard.removing"):this.t(`removal.${e}`);return o`<li data-test="progress-${t.entity_id}" data-state=${e}>
      <strong>${t.name}</strong>
      <span class="spacer"></span>
      ${this.phase==="running"?o`<span class="chip ${x(t.sync_state)}">${this.t(`sync.${t.sync_state}`)}</span>`:""}
      <span class="chip ${this.phase==="running"?"warn":x(e)}">${a}</span>
      ${r?o`<span class="why">${r}</span>`:""}
    </li>`}render(){let t=this.person.name,e=this.affected.filter(s=>this.result[s.entity_id]!=="removed");return o`${this.phase==="confirm"?o`<p>${this.t("offboard.confirm",{name:t})}</p>`:this.phase==="running"?o`<p aria-live="polite">${this.t("offboard.running",{name:t})}</p>`:o`<p aria-live="polite" data-test="offboard-summary">
              ${e.length?this.t("offboard.still_pending",{count:e.length}):this.t("offboard.done",{name:t})}
            </p>`}
      ${this.error?o`<div class="error" role="alert" data-test="form-error">${this.error}</div>`:""}
      ${this.phase==="confirm"?"":o`<ul>${this.affected.map(s=>this.renderDoor(s))}</ul>`}
      <div class="actions">
        ${this.phase==="confirm"?o`<button data-test="cancel" autofocus @click=${()=>this.emit("cancelled")}>
                ${this.t("common.cancel")}
              </button>
              <button class="danger primary" data-test="offboard-confirm" @click=${this.run}>
                ${this.t("offboard.action")}
              </button>`:o`<button
              class="primary"
              data-test="offboard-close"
              ?disabled=${this.phase==="running"}
              @click=${()=>this.emit("cancelled")}
            >
              ${this.t("common.close")}
            </button>`}
      </div>`}};customElements.define("hk-offboard",ht);var ut=class extends h{static{this.properties={api:{attribute:!1},people:{attribute:!1},doors:{attribute:!1},compact:{type:Boolean},editing:{state:!0},offboarding:{state:!0},error:{state:!0}}}constructor(){super(),this.people=[],this.doors=[],this.compact=!1,this.editing=null,this.offboarding=null,this.error=""}static{this.styles=[g,p`
      .bar {
        display: flex;
        align-items: center;
        gap: 8px;
        margin-bottom: 12px;
      }
      .cards {
        display: flex;
        flex-direction: column;
        gap: 12px;
      }
      .cards .card {
        display: flex;
        flex-direction: column;
        gap: 6px;
      }
      dl {
        display: grid;
        grid-template-columns: max-content 1fr;
        gap: 4px 12px;
        margin: 4px 0;
      }
      dt {
        color: var(--secondary-text-color);
      }
      dd {
        margin: 0;
      }
      .actions {
        display: flex;
        flex-wrap: wrap;
        gap: 6px;
      }
      .card.table {
        padding: 0;
        overflow-x: auto;
      }
      td.actions {
        display: table-cell;
        white-space: nowrap;
      }
      td.actions button {
        margin: 2px;
      }
    `]}windowSummary(t){let e=[];return t.valid_from&&e.push(this.t("people.from",{when:b(this.hass,t.valid_from)})),t.valid_until&&e.push(this.t("people.until",{when:b(this.hass,t.valid_until)})),e.push(...t.weekly.map(s=>this.weeklySummary(s))),e.join(" · ")||this.t("people.any_time")}weeklySummary(t){let e=W.filter(r=>t.days.includes(r)).map(r=>this.t(`days.${r}`)),s=K(t.start,t.end)?` ${this.t("people.next_day")}`:"";return`${e.join(", ")} ${t.start}–${t.end}${s}`}doorNames(t){return t.locks===null?this.t("people.all_doors"):t.locks.map(s=>this.doors.find(r=>r.entity_id===s)?.name??s).join(", ")||this.t("people.no_doors")}uses(t){return t.max_uses===null?String(t.uses):this.t("people.uses_of",{uses:t.uses,max:t.max_uses})}lastAccess(t){if(!t.last_access)return this.t("people.never");let e=this.doors.find(s=>s.entity_id===t.last_lock)?.name??t.last_lock??"";return this.t("people.last_access",{when:b(this.hass,t.last_access),door:e})}async toggleSuspend(t){this.error="";try{t.status==="suspended"?await this.api.resume(t.person_id):await this.api.suspend(t.person_id)}catch(e){this.error=v(e)}}renderActions(t){let e=t.status==="suspended";return o`<button data-test="edit-${t.person_id}" @click=${()=>this.editing=t}>
        ${this.t("people.edit")}
      </button>
      <button data-test="${e?"resume":"suspend"}-${t.person_id}" @click=${()=>this.toggleSuspend(t)}>
        ${e?this.t("people.resume"):this.t("people.suspend")}
      </button>
      <button class="danger" data-test="offboard-${t.person_id}" @click=${()=>this.offboarding=t}>
        ${this.t("people.offboard")}
      </button>`}status(t){return o`<span class="chip ${x(t.status)}" data-test="status">${this.t(`status.${t.status}`)}</span>`}renderTable(){return o`<div class="card table">
      <table>
        <thead>
          <tr>
            <th scope="col">${this.t("people.name")}</th>
            <th scope="col">${this.t("people.role")}</th>
            <th scope="col">${this.t("people.status")}</th>
            <th scope="col">${this.t("people.window")}</th>
            <th scope="col">${this.t("people.doors")}</th>
            <th scope="col">${this.t("people.uses")}</th>
            <th scope="col">${this.t("people.last")}</th>
            <th scope="col"><span class="sr-only">${this.t("people.actions")}</span></th>
          </tr>
        </thead>
        <tbody>
          ${this.people.map(t=>o`<tr data-test="person-row" data-person=${t.person_id}>
              <td><strong>${t.name}</strong></td>
              <td>${this.t(`role.${t.role}`)}</td>
              <td>${this.status(t)}</td>
              <td>${this.windowSummary(t)}</td>
              <td>${this.doorNames(t)}</td>
              <td>${this.uses(t)}</td>
              <td>${this.lastAccess(t)}</td>
              <td class="actions">${this.renderActions(t)}</td>
            </tr>`)}
        </tbody>
      </table>
    </div>`}renderCards(){return o`<div class="cards">
      ${this.people.map(t=>o`<div class="card" data-test="person-row" data-person=${t.person_id}>
          <div class="row"><h3>${t.name}</h3><span class="spacer"></span>${this.status(t)}</div>
          <dl>
            <dt>${this.t("people.role")}</dt><dd>${this.t(`role.${t.role}`)}</dd>
            <dt>${this.t("people.window")}</dt><dd>${this.windowSummary(t)}</dd>
            <dt>${this.t("people.doors")}</dt><dd>${this.doorNames(t)}</dd>
            <dt>${this.t("people.uses")}</dt><dd>${this.uses(t)}</dd>
            <dt>${this.t("people.last")}</dt><dd>${this.lastAccess(t)}</dd>
          </dl>
          <div class="actions">${this.renderActions(t)}</div>
        </div>`)}
    </div>`}render(){let t=this.editing;return o`<div class="bar">
        <h2>${this.t("people.title")}</h2>
        <span class="spacer"></span>
        <button class="primary" data-test="add-person" @click=${()=>this.editing="new"}>
          ${this.t("people.add")}
        </button>
      </div>
      ${this.error?o`<div class="error" role="alert">${this.error}</div>`:""}
      ${this.people.length===0?o`<div class="card empty">${this.t("people.empty")}</div>`:this.compact?this.renderCards():this.renderTable()}
      <hk-dialog
        .hass=${this.hass}
        wide
        ?open=${t!==null}
        .heading=${t==="new"||t===null?this.t("editor.add_title"):this.t("editor.edit_title",{name:t.name})}
        @closed=${()=>this.editing=null}
      >
        ${t===null?"":o`<hk-person-editor
              .hass=${this.hass}
              .api=${this.api}
              .person=${t==="new"?null:t}
              .doors=${this.doors}
              @saved=${()=>this.editing=null}
              @cancelled=${()=>this.editing=null}
            ></hk-person-editor>`}
      </hk-dialog>
      <hk-dialog
        .hass=${this.hass}
        ?open=${this.offboarding!==null}
        .heading=${this.t("offboard.title",{name:this.offboarding?.name??""})}
        @closed=${()=>this.offboarding=null}
      >
        ${this.offboarding?o`<hk-offboard
              .hass=${this.hass}
              .api=${this.api}
              .person=${this.offboarding}
              .doors=${this.doors}
              @cancelled=${()=>this.offboarding=null}
            ></hk-offboard>`:""}
      </hk-dialog>`}};customElements.define("hk-people-view",ut);var T=["doors","people","activity"],zt="housekey.household",Ft=600,mt=class extends h{constructor(){super();this.api=null;this.unsubscribe=null;this.resize=new ResizeObserver(([e])=>{this.compact=(e?.contentRect.width??Ft)<Ft});this.queued=new Set;this.narrow=!1,this.households=[],this.entryId="",this.people=[],this.doors=[],this.generation=0,this.translated=!1,this.compact=!1,this.error=""}static{this.properties={narrow:{type:Boolean},route:{attribute:!1},panel:{attribute:!1},households:{state:!0},entryId:{state:!0},people:{state:!0},doors:{state:!0},generation:{state:!0},translated:{state:!0},compact:{state:!0},error:{state:!0}}}static{this.styles=[g,p`
      :host {
        display: block;
        min-height: 100vh;
        background: var(--primary-background-color);
      }
      .toolbar {
        display: flex;
        align-items: center;
        gap: 8px;
        height: var(--header-height, 56px);
        padding: 0 12px;
        background: var(--app-header-background-color, var(--primary-color));
        color: var(--app-header-text-color, var(--text-primary-color, #fff));
        border-bottom: var(--app-header-border-bottom, none);
        position: sticky;
        top: 0;
        z-index: 2;
      }
      .title {
        font-size: 1.25rem;
        font-weight: 400;
        flex: 1;
        margin-inline-start: 12px;
        white-space: nowrap;
        overflow: hidden;
        text-overflow: ellipsis;
      }
      .menu {
        border: none;
        color: inherit;
        font-size: 1.4rem;
        padding: 4px 10px;
      }
      .toolbar select {
        max-width: 45vw;
        background: transparent;
        color: inherit;
        border-color: currentColor;
      }
      .toolbar select option {
        color: var(--primary-text-color);
        background: var(--card-background-color);
      }
      [role="tablist"] {
        display: flex;
        gap: 4px;
        padding: 0 12px;
        background: var(--app-header-background-color, var(--primary-color));
        position: sticky;
        top: var(--header-height, 56px);
        z-index: 2;
      }
      [role="tab"] {
        border: none;
        border-radius: 0;
        border-bottom: 3px solid transparent;
        color: var(--app-header-text-color, var(--text-primary-color, #fff));
        opacity: 0.75;
        padding: 10px 16px;
        text-transform: uppercase;
        letter-spacing: 0.05em;
        font-size: 0.9rem;
      }
      [role="tab"][aria-selected="true"] {
        opacity: 1;
        border-bottom-color: var(--app-header-text-color, var(--text-primary-color, #fff));
      }
      [role="tab"]:focus-visible {
        outline-color: var(--app-header-text-color, #fff);
        outline-offset: -4px;
      }
      main {
        padding: 16px;
        max-width: 1200px;
        margin: 0 auto;
      }
      :host([compact]) main {
        padding: 12px 8px;
      }
    `]}get tab(){let e=this.route?.path.split("/")[1]??"";return T.includes(e)?e:"doors"}connectedCallback(){super.connectedCallback(),this.resize.observe(this),this.api&&this.follow()}disconnectedCallback(){super.disconnectedCallback(),this.resize.disconnect(),this.unfollow()}willUpdate(e){e.has("hass")&&this.hass&&!e.get("hass")&&this.start(),e.has("compact")&&this.toggleAttribute("compact",this.compact)}async start(){try{await this.hass.loadBackendTranslation("panel","housekey")}finally{this.translated=!0}try{this.households=await Ht(this.hass)}catch(r){this.error=v(r);return}let e=localStorage.getItem(zt),s=this.households.find(r=>r.entry_id===e)??this.households[0];s&&await this.choose(s.entry_id)}async choose(e){await this.unfollow(),localStorage.setItem(zt,e),this.entryId=e,this.api=new q(this.hass,e),this.people=[],this.doors=[],await Promise.all([this.refresh("people"),this.refresh("doors"),this.follow()])}async follow(){let e=this.api;if(!(!e||this.unsubscribe))try{this.unsubscribe=await e.subscribe(s=>this.pushed(s))}catch(s){this.error=v(s)}}async unfollow(){let e=this.unsubscribe;this.unsubscribe=null;try{await e?.()}catch{}}pushed(e){this.queued.has(e)||(this.queued.add(e),setTimeout(()=>{this.queued.delete(e),this.refresh(e),e==="doors"&&(this.generation+=1)},150))}async refresh(e){let s=this.api;if(s)try{if(e==="people"){let r=await s.people();s===this.api&&(this.people=r)}else{let r=await s.doors();s===this.api&&(this.doors=r)}this.error=""}catch(r){this.error=v(r)}}go(e){let s=`/${this.route?.prefix.replace(/^\//,"")??"housekey"}/${e}`;history.pushState(null,"",s),window.dispatchEvent(new CustomEvent("location-changed",{detail:{replace:!1}}))}tabKey(e){let s=e.key==="ArrowRight"?1:e.key==="ArrowLeft"?-1:0;if(!s)return;let r=T[(T.indexOf(this.tab)+s+T.length)%T.length]??"doors";this.go(r),this.updateComplete.then(()=>this.renderRoot.querySelector(`[data-test="tab-${r}"]`)?.focus())}renderMenu(){return this.narrow?customElements.get("ha-menu-button")?o`<ha-menu-button .hass=${this.hass} .narrow=${this.narrow}></ha-menu-button>`:o`<button
      class="menu"
      aria-label=${this.t("common.menu")}
      @click=${()=>this.emit("hass-toggle-menu")}
    >
      ☰
    </button>`:""}renderTab(){let e=this.api;if(!e)return o`<div class="card empty">${this.t("common.no_household")}</div>`;switch(this.tab){case"people":return o`<hk-people-view
          .hass=${this.hass}
          .api=${e}
          .people=${this.people}
          .doors=${this.doors}
          ?compact=${this.compact}
        ></hk-people-view>`;case"activity":return o`<hk-activity-view
          .hass=${this.hass}
          .api=${e}
          .people=${this.people}
          .doors=${this.doors}
          .generation=${this.generation}
          ?compact=${this.compact}
        ></hk-activity-view>`;default:return o`<hk-doors-view .hass=${this.hass} .api=${e} .doors=${this.doors}></hk-doors-view>`}}render(){return!this.hass||!this.translated?o``:o`<div class="toolbar">
        ${this.renderMenu()}
        <div class="title">${this.t("title")}</div>
        ${this.households.length>1?o`<label class="sr-only" for="household">${this.t("common.household")}</label>
              <select
                id="household"
                data-test="household"
                @change=${e=>this.choose(e.target.value)}
              >
                ${this.households.map(e=>o`<option value=${e.entry_id} ?selected=${e.entry_id===this.entryId}>
                      ${e.name}
                    </option>`)}
              </select>`:""}
      </div>
      <div role="tablist" aria-label=${this.t("title")} @keydown=${this.tabKey}>
        ${T.map(e=>o`<button
              role="tab"
              data-test="tab-${e}"
              aria-selected=${this.tab===e?"true":"false"}
              tabindex=${this.tab===e?0:-1}
              @click=${()=>this.go(e)}
            >
              ${this.t(`tabs.${e}`)}
            </button>`)}
      </div>
      <main role="tabpanel">
        ${this.error?o`<div class="error" role="alert">${this.error}</div>`:""}
        ${this.renderTab()}
      </main>`}};customElements.define("housekey-panel",mt);export{mt as HousekeyPanel};
