var G=globalThis,J=G.ShadowRoot&&(G.ShadyCSS===void 0||G.ShadyCSS.nativeShadow)&&"adoptedStyleSheets"in Document.prototype&&"replace"in CSSStyleSheet.prototype,nt=Symbol(),Lt=new WeakMap,N=class{constructor(t,e,s){if(this._$cssResult$=!0,s!==nt)throw Error("CSSResult is not constructable. Use `unsafeCSS` or `css` instead.");this.cssText=t,this.t=e}get styleSheet(){let t=this.o,e=this.t;if(J&&t===void 0){let s=e!==void 0&&e.length===1;s&&(t=Lt.get(e)),t===void 0&&((this.o=t=new CSSStyleSheet).replaceSync(this.cssText),s&&Lt.set(e,t))}return t}toString(){return this.cssText}},Y=i=>new N(typeof i=="string"?i:i+"",void 0,nt),c=(i,...t)=>{let e=i.length===1?i[0]:t.reduce((s,r,a)=>s+(n=>{if(n._$cssResult$===!0)return n.cssText;if(typeof n=="number")return n;throw Error("Value passed to 'css' function must be a 'css' function result: "+n+". Use 'unsafeCSS' to pass non-literal values, but take care to ensure page security.")})(r)+i[a+1],i[0]);return new N(e,i,nt)},zt=(i,t)=>{if(J)i.adoptedStyleSheets=t.map(e=>e instanceof CSSStyleSheet?e:e.styleSheet);else for(let e of t){let s=document.createElement("style"),r=G.litNonce;r!==void 0&&s.setAttribute("nonce",r),s.textContent=e.cssText,i.appendChild(s)}},dt=J?i=>i:i=>i instanceof CSSStyleSheet?(t=>{let e="";for(let s of t.cssRules)e+=s.cssText;return Y(e)})(i):i;var{is:we,defineProperty:ke,getOwnPropertyDescriptor:_e,getOwnPropertyNames:Ae,getOwnPropertySymbols:Se,getPrototypeOf:Pe}=Object,Z=globalThis,It=Z.trustedTypes,Ee=It?It.emptyScript:"",Ce=Z.reactiveElementPolyfillSupport,j=(i,t)=>i,lt={toAttribute(i,t){switch(t){case Boolean:i=i?Ee:null;break;case Object:case Array:i=i==null?i:JSON.stringify(i)}return i},fromAttribute(i,t){let e=i;switch(t){case Boolean:e=i!==null;break;case Number:e=i===null?null:Number(i);break;case Object:case Array:try{e=JSON.parse(i)}catch{e=null}}return e}},Wt=(i,t)=>!we(i,t),qt={attribute:!0,type:String,converter:lt,reflect:!1,useDefault:!1,hasChanged:Wt};Symbol.metadata??=Symbol("metadata"),Z.litPropertyMetadata??=new WeakMap;var k=class extends HTMLElement{static addInitializer(t){this._$Ei(),(this.l??=[]).push(t)}static get observedAttributes(){return this.finalize(),this._$Eh&&[...this._$Eh.keys()]}static createProperty(t,e=qt){if(e.state&&(e.attribute=!1),this._$Ei(),this.prototype.hasOwnProperty(t)&&((e=Object.create(e)).wrapped=!0),this.elementProperties.set(t,e),!e.noAccessor){let s=Symbol(),r=this.getPropertyDescriptor(t,s,e);r!==void 0&&ke(this.prototype,t,r)}}static getPropertyDescriptor(t,e,s){let{get:r,set:a}=_e(this.prototype,t)??{get(){return this[e]},set(n){this[e]=n}};return{get:r,set(n){let l=r?.call(this);a?.call(this,n),this.requestUpdate(t,l,s)},configurable:!0,enumerable:!0}}static getPropertyOptions(t){return this.elementProperties.get(t)??qt}static _$Ei(){if(this.hasOwnProperty(j("elementProperties")))return;let t=Pe(this);t.finalize(),t.l!==void 0&&(this.l=[...t.l]),this.elementProperties=new Map(t.elementProperties)}static finalize(){if(this.hasOwnProperty(j("finalized")))return;if(this.finalized=!0,this._$Ei(),this.hasOwnProperty(j("properties"))){let e=this.properties,s=[...Ae(e),...Se(e)];for(let r of s)this.createProperty(r,e[r])}let t=this[Symbol.metadata];if(t!==null){let e=litPropertyMetadata.get(t);if(e!==void 0)for(let[s,r]of e)this.elementProperties.set(s,r)}this._$Eh=new Map;for(let[e,s]of this.elementProperties){let r=this._$Eu(e,s);r!==void 0&&this._$Eh.set(r,e)}this.elementStyles=this.finalizeStyles(this.styles)}static finalizeStyles(t){let e=[];if(Array.isArray(t)){let s=new Set(t.flat(1/0).reverse());for(let r of s)e.unshift(dt(r))}else t!==void 0&&e.push(dt(t));return e}static _$Eu(t,e){let s=e.attribute;return s===!1?void 0:typeof s=="string"?s:typeof t=="string"?t.toLowerCase():void 0}constructor(){super(),this._$Ep=void 0,this.isUpdatePending=!1,this.hasUpdated=!1,this._$Em=null,this._$Ev()}_$Ev(){this._$ES=new Promise(t=>this.enableUpdating=t),this._$AL=new Map,this._$E_(),this.requestUpdate(),this.constructor.l?.forEach(t=>t(this))}addController(t){(this._$EO??=new Set).add(t),this.renderRoot!==void 0&&this.isConnected&&t.hostConnected?.()}removeController(t){this._$EO?.delete(t)}_$E_(){let t=new Map,e=this.constructor.elementProperties;for(let s of e.keys())this.hasOwnProperty(s)&&(t.set(s,this[s]),delete this[s]);t.size>0&&(this._$Ep=t)}createRenderRoot(){let t=this.shadowRoot??this.attachShadow(this.constructor.shadowRootOptions);return zt(t,this.constructor.elementStyles),t}connectedCallback(){this.renderRoot??=this.createRenderRoot(),this.enableUpdating(!0),this._$EO?.forEach(t=>t.hostConnected?.())}enableUpdating(t){}disconnectedCallback(){this._$EO?.forEach(t=>t.hostDisconnected?.())}attributeChangedCallback(t,e,s){this._$AK(t,s)}_$ET(t,e){let s=this.constructor.elementProperties.get(t),r=this.constructor._$Eu(t,s);if(r!==void 0&&s.reflect===!0){let a=(s.converter?.toAttribute!==void 0?s.converter:lt).toAttribute(e,s.type);this._$Em=t,a==null?this.removeAttribute(r):this.setAttribute(r,a),this._$Em=null}}_$AK(t,e){let s=this.constructor,r=s._$Eh.get(t);if(r!==void 0&&this._$Em!==r){let a=s.getPropertyOptions(r),n=typeof a.converter=="function"?{fromAttribute:a.converter}:a.converter?.fromAttribute!==void 0?a.converter:lt;this._$Em=r;let l=n.fromAttribute(e,a.type);this[r]=l??this._$Ej?.get(r)??l,this._$Em=null}}requestUpdate(t,e,s,r=!1,a){if(t!==void 0){let n=this.constructor;if(r===!1&&(a=this[t]),s??=n.getPropertyOptions(t),!((s.hasChanged??Wt)(a,e)||s.useDefault&&s.reflect&&a===this._$Ej?.get(t)&&!this.hasAttribute(n._$Eu(t,s))))return;this.C(t,e,s)}this.isUpdatePending===!1&&(this._$ES=this._$EP())}C(t,e,{useDefault:s,reflect:r,wrapped:a},n){s&&!(this._$Ej??=new Map).has(t)&&(this._$Ej.set(t,n??e??this[t]),a!==!0||n!==void 0)||(this._$AL.has(t)||(this.hasUpdated||s||(e=void 0),this._$AL.set(t,e)),r===!0&&this._$Em!==t&&(this._$Eq??=new Set).add(t))}async _$EP(){this.isUpdatePending=!0;try{await this._$ES}catch(e){Promise.reject(e)}let t=this.scheduleUpdate();return t!=null&&await t,!this.isUpdatePending}scheduleUpdate(){return this.performUpdate()}performUpdate(){if(!this.isUpdatePending)return;if(!this.hasUpdated){if(this.renderRoot??=this.createRenderRoot(),this._$Ep){for(let[r,a]of this._$Ep)this[r]=a;this._$Ep=void 0}let s=this.constructor.elementProperties;if(s.size>0)for(let[r,a]of s){let{wrapped:n}=a,l=this[r];n!==!0||this._$AL.has(r)||l===void 0||this.C(r,void 0,a,l)}}let t=!1,e=this._$AL;try{t=this.shouldUpdate(e),t?(this.willUpdate(e),this._$EO?.forEach(s=>s.hostUpdate?.()),this.update(e)):this._$EM()}catch(s){throw t=!1,this._$EM(),s}t&&this._$AE(e)}willUpdate(t){}_$AE(t){this._$EO?.forEach(e=>e.hostUpdated?.()),this.hasUpdated||(this.hasUpdated=!0,this.firstUpdated(t)),this.updated(t)}_$EM(){this._$AL=new Map,this.isUpdatePending=!1}get updateComplete(){return this.getUpdateComplete()}getUpdateComplete(){return this._$ES}shouldUpdate(t){return!0}update(t){this._$Eq&&=this._$Eq.forEach(e=>this._$ET(e,this[e])),this._$EM()}updated(t){}firstUpdated(t){}};k.elementStyles=[],k.shadowRootOptions={mode:"open"},k[j("elementProperties")]=new Map,k[j("finalized")]=new Map,Ce?.({ReactiveElement:k}),(Z.reactiveElementVersions??=[]).push("2.1.2");var gt=globalThis,Bt=i=>i,Q=gt.trustedTypes,Vt=Q?Q.createPolicy("lit-html",{createHTML:i=>i}):void 0,Qt="$lit$",S=`lit$${Math.random().toFixed(9).slice(2)}$`,Xt="?"+S,Te=`<${Xt}>`,D=document,z=()=>D.createComment(""),I=i=>i===null||typeof i!="object"&&typeof i!="function",vt=Array.isArray,De=i=>vt(i)||typeof i?.[Symbol.iterator]=="function",ct=`[ 	
\f\r]`,L=/<(?:(!--|\/[^a-zA-Z])|(\/?[a-zA-Z][^>\s]*)|(\/?$))/g,Kt=/-->/g,Gt=/>/g,C=RegExp(`>|${ct}(?:([^\\s"'>=/]+)(${ct}*=${ct}*(?:[^ 	
\f\r"'\`<>=]|("|')|))|$)`,"g"),Jt=/'/g,Yt=/"/g,te=/^(?:script|style|textarea|title)$/i,$t=i=>(t,...e)=>({_$litType$:i,strings:t,values:e}),o=$t(1),ee=$t(2),se=$t(3),R=Symbol.for("lit-noChange"),v=Symbol.for("lit-nothing"),Zt=new WeakMap,T=D.createTreeWalker(D,129);function re(i,t){if(!vt(i)||!i.hasOwnProperty("raw"))throw Error("invalid template strings array");return Vt!==void 0?Vt.createHTML(t):t}var Re=(i,t)=>{let e=i.length-1,s=[],r,a=t===2?"<svg>":t===3?"<math>":"",n=L;for(let l=0;l<e;l++){let d=i[l],h,g,u=-1,w=0;for(;w<d.length&&(n.lastIndex=w,g=n.exec(d),g!==null);)w=n.lastIndex,n===L?g[1]==="!--"?n=Kt:g[1]!==void 0?n=Gt:g[2]!==void 0?(te.test(g[2])&&(r=RegExp("</"+g[2],"g")),n=C):g[3]!==void 0&&(n=C):n===C?g[0]===">"?(n=r??L,u=-1):g[1]===void 0?u=-2:(u=n.lastIndex-g[2].length,h=g[1],n=g[3]===void 0?C:g[3]==='"'?Yt:Jt):n===Yt||n===Jt?n=C:n===Kt||n===Gt?n=L:(n=C,r=void 0);let A=n===C&&i[l+1].startsWith("/>")?" ":"";a+=n===L?d+Te:u>=0?(s.push(h),d.slice(0,u)+Qt+d.slice(u)+S+A):d+S+(u===-2?l:A)}return[re(i,a+(i[e]||"<?>")+(t===2?"</svg>":t===3?"</math>":"")),s]},q=class i{constructor({strings:t,_$litType$:e},s){let r;this.parts=[];let a=0,n=0,l=t.length-1,d=this.parts,[h,g]=Re(t,e);if(this.el=i.createElement(h,s),T.currentNode=this.el.content,e===2||e===3){let u=this.el.content.firstChild;u.replaceWith(...u.childNodes)}for(;(r=T.nextNode())!==null&&d.length<l;){if(r.nodeType===1){if(r.hasAttributes())for(let u of r.getAttributeNames())if(u.endsWith(Qt)){let w=g[n++],A=r.getAttribute(u).split(S),K=/([.?@])?(.*)/.exec(w);d.push({type:1,index:a,name:K[2],strings:A,ctor:K[1]==="."?pt:K[1]==="?"?ut:K[1]==="@"?mt:H}),r.removeAttribute(u)}else u.startsWith(S)&&(d.push({type:6,index:a}),r.removeAttribute(u));if(te.test(r.tagName)){let u=r.textContent.split(S),w=u.length-1;if(w>0){r.textContent=Q?Q.emptyScript:"";for(let A=0;A<w;A++)r.append(u[A],z()),T.nextNode(),d.push({type:2,index:++a});r.append(u[w],z())}}}else if(r.nodeType===8)if(r.data===Xt)d.push({type:2,index:a});else{let u=-1;for(;(u=r.data.indexOf(S,u+1))!==-1;)d.push({type:7,index:a}),u+=S.length-1}a++}}static createElement(t,e){let s=D.createElement("template");return s.innerHTML=t,s}};function M(i,t,e=i,s){if(t===R)return t;let r=s!==void 0?e._$Co?.[s]:e._$Cl,a=I(t)?void 0:t._$litDirective$;return r?.constructor!==a&&(r?._$AO?.(!1),a===void 0?r=void 0:(r=new a(i),r._$AT(i,e,s)),s!==void 0?(e._$Co??=[])[s]=r:e._$Cl=r),r!==void 0&&(t=M(i,r._$AS(i,t.values),r,s)),t}var ht=class{constructor(t,e){this._$AV=[],this._$AN=void 0,this._$AD=t,this._$AM=e}get parentNode(){return this._$AM.parentNode}get _$AU(){return this._$AM._$AU}u(t){let{el:{content:e},parts:s}=this._$AD,r=(t?.creationScope??D).importNode(e,!0);T.currentNode=r;let a=T.nextNode(),n=0,l=0,d=s[0];for(;d!==void 0;){if(n===d.index){let h;d.type===2?h=new W(a,a.nextSibling,this,t):d.type===1?h=new d.ctor(a,d.name,d.strings,this,t):d.type===6&&(h=new ft(a,this,t)),this._$AV.push(h),d=s[++l]}n!==d?.index&&(a=T.nextNode(),n++)}return T.currentNode=D,r}p(t){let e=0;for(let s of this._$AV)s!==void 0&&(s.strings!==void 0?(s._$AI(t,s,e),e+=s.strings.length-2):s._$AI(t[e])),e++}},W=class i{get _$AU(){return this._$AM?._$AU??this._$Cv}constructor(t,e,s,r){this.type=2,this._$AH=v,this._$AN=void 0,this._$AA=t,this._$AB=e,this._$AM=s,this.options=r,this._$Cv=r?.isConnected??!0}get parentNode(){let t=this._$AA.parentNode,e=this._$AM;return e!==void 0&&t?.nodeType===11&&(t=e.parentNode),t}get startNode(){return this._$AA}get endNode(){return this._$AB}_$AI(t,e=this){t=M(this,t,e),I(t)?t===v||t==null||t===""?(this._$AH!==v&&this._$AR(),this._$AH=v):t!==this._$AH&&t!==R&&this._(t):t._$litType$!==void 0?this.$(t):t.nodeType!==void 0?this.T(t):De(t)?this.k(t):this._(t)}O(t){return this._$AA.parentNode.insertBefore(t,this._$AB)}T(t){this._$AH!==t&&(this._$AR(),this._$AH=this.O(t))}_(t){this._$AH!==v&&I(this._$AH)?this._$AA.nextSibling.data=t:this.T(D.createTextNode(t)),this._$AH=t}$(t){let{values:e,_$litType$:s}=t,r=typeof s=="number"?this._$AC(t):(s.el===void 0&&(s.el=q.createElement(re(s.h,s.h[0]),this.options)),s);if(this._$AH?._$AD===r)this._$AH.p(e);else{let a=new ht(r,this),n=a.u(this.options);a.p(e),this.T(n),this._$AH=a}}_$AC(t){let e=Zt.get(t.strings);return e===void 0&&Zt.set(t.strings,e=new q(t)),e}k(t){vt(this._$AH)||(this._$AH=[],this._$AR());let e=this._$AH,s,r=0;for(let a of t)r===e.length?e.push(s=new i(this.O(z()),this.O(z()),this,this.options)):s=e[r],s._$AI(a),r++;r<e.length&&(this._$AR(s&&s._$AB.nextSibling,r),e.length=r)}_$AR(t=this._$AA.nextSibling,e){for(this._$AP?.(!1,!0,e);t!==this._$AB;){let s=Bt(t).nextSibling;Bt(t).remove(),t=s}}setConnected(t){this._$AM===void 0&&(this._$Cv=t,this._$AP?.(t))}},H=class{get tagName(){return this.element.tagName}get _$AU(){return this._$AM._$AU}constructor(t,e,s,r,a){this.type=1,this._$AH=v,this._$AN=void 0,this.element=t,this.name=e,this._$AM=r,this.options=a,s.length>2||s[0]!==""||s[1]!==""?(this._$AH=Array(s.length-1).fill(new String),this.strings=s):this._$AH=v}_$AI(t,e=this,s,r){let a=this.strings,n=!1;if(a===void 0)t=M(this,t,e,0),n=!I(t)||t!==this._$AH&&t!==R,n&&(this._$AH=t);else{let l=t,d,h;for(t=a[0],d=0;d<a.length-1;d++)h=M(this,l[s+d],e,d),h===R&&(h=this._$AH[d]),n||=!I(h)||h!==this._$AH[d],h===v?t=v:t!==v&&(t+=(h??"")+a[d+1]),this._$AH[d]=h}n&&!r&&this.j(t)}j(t){t===v?this.element.removeAttribute(this.name):this.element.setAttribute(this.name,t??"")}},pt=class extends H{constructor(){super(...arguments),this.type=3}j(t){this.element[this.name]=t===v?void 0:t}},ut=class extends H{constructor(){super(...arguments),this.type=4}j(t){this.element.toggleAttribute(this.name,!!t&&t!==v)}},mt=class extends H{constructor(t,e,s,r,a){super(t,e,s,r,a),this.type=5}_$AI(t,e=this){if((t=M(this,t,e,0)??v)===R)return;let s=this._$AH,r=t===v&&s!==v||t.capture!==s.capture||t.once!==s.once||t.passive!==s.passive,a=t!==v&&(s===v||r);r&&this.element.removeEventListener(this.name,this,s),a&&this.element.addEventListener(this.name,this,t),this._$AH=t}handleEvent(t){typeof this._$AH=="function"?this._$AH.call(this.options?.host??this.element,t):this._$AH.handleEvent(t)}},ft=class{constructor(t,e,s){this.element=t,this.type=6,this._$AN=void 0,this._$AM=e,this.options=s}get _$AU(){return this._$AM._$AU}_$AI(t){M(this,t)}};var Me=gt.litHtmlPolyfillSupport;Me?.(q,W),(gt.litHtmlVersions??=[]).push("3.3.3");var ie=(i,t,e)=>{let s=e?.renderBefore??t,r=s._$litPart$;if(r===void 0){let a=e?.renderBefore??null;s._$litPart$=r=new W(t.insertBefore(z(),a),a,void 0,e??{})}return r._$AI(i),r};var yt=globalThis,P=class extends k{constructor(){super(...arguments),this.renderOptions={host:this},this._$Do=void 0}createRenderRoot(){let t=super.createRenderRoot();return this.renderOptions.renderBefore??=t.firstChild,t}update(t){let e=this.render();this.hasUpdated||(this.renderOptions.isConnected=this.isConnected),super.update(t),this._$Do=ie(e,this.renderRoot,this.renderOptions)}connectedCallback(){super.connectedCallback(),this._$Do?.setConnected(!0)}disconnectedCallback(){super.disconnectedCallback(),this._$Do?.setConnected(!1)}render(){return R}};P._$litElement$=!0,P.finalized=!0,yt.litElementHydrateSupport?.({LitElement:P});var He=yt.litElementPolyfillSupport;He?.({LitElement:P});(yt.litElementVersions??=[]).push("4.2.2");var ae=Symbol.for(""),Ue=i=>{if(i?.r===ae)return i?._$litStatic$};var bt=(i,...t)=>({_$litStatic$:t.reduce((e,s,r)=>e+(a=>{if(a._$litStatic$!==void 0)return a._$litStatic$;throw Error(`Value passed to 'literal' function must be a 'literal' result: ${a}. Use 'unsafeStatic' to pass non-literal values, but
            take care to ensure page security.`)})(s)+i[r+1],i[0]),r:ae}),oe=new Map,xt=i=>(t,...e)=>{let s=e.length,r,a,n=[],l=[],d,h=0,g=!1;for(;h<s;){for(d=t[h];h<s&&(a=e[h],(r=Ue(a))!==void 0);)d+=r+t[++h],g=!0;h!==s&&l.push(a),n.push(d),h++}if(h===s&&n.push(t[s]),g){let u=n.join("$$lit$$");(t=oe.get(u))===void 0&&(n.raw=n,oe.set(u,t=n)),e=l}return i(t,...e)},ne=xt(o),ds=xt(ee),ls=xt(se);function m(i){if(typeof i=="object"&&i!==null&&"message"in i){let t=i.message;if(typeof t=="string"&&t)return t}return String(i)}function de(i){return i.callWS({type:"housekey/households"})}var X=class{constructor(t,e){this.hass=t;this.entryId=e}call(t,e={}){return this.hass.callWS({type:`housekey/${t}`,entry_id:this.entryId,...e})}people(){return this.call("people")}doors(){return this.call("doors")}activity(t){return this.call("activity",t)}subscribe(t){return this.hass.connection.subscribeMessage(e=>t(e.type),{type:"housekey/subscribe",entry_id:this.entryId})}add(t){return this.call("person/add",t)}update(t,e){return this.call("person/update",{person:t,...e})}setPin(t,e){return this.call("person/set_pin",e===void 0?{person:t}:{person:t,pin:e})}revealPin(t){return this.call("person/reveal_pin",{person:t})}suspend(t){return this.call("person/suspend",{person:t})}resume(t){return this.call("person/resume",{person:t})}offboard(t){return this.call("person/offboard",{person:t})}enrolAuthenticator(t){return this.call("person/enrol_authenticator",{person:t})}removeAuthenticator(t){return this.call("person/remove_authenticator",{person:t})}issueCodeBook(t,e){return this.call("person/issue_code_book",{person:t,...e})}revokeCodeBook(t){return this.call("person/revoke_code_book",{person:t})}clearForeign(t,e){return this.call("door/clear_foreign",e?{lock:t,slots:e}:{lock:t})}adoptForeign(t,e,s){return this.call("door/adopt_foreign",{lock:t,slot:e,...s})}};var Oe="component.housekey.panel.";function le(i,t,e){let s=i?.localize(Oe+t,e);if(s)return s;let r=(t.split(".").pop()??t).replaceAll("_"," ");r=r.charAt(0).toUpperCase()+r.slice(1);for(let[a,n]of Object.entries(e??{}))r+=` ${a}: ${n}`;return r}var p=class extends P{static{this.properties={hass:{attribute:!1}}}t(t,e){return le(this.hass,t,e)}async copyText(t,e){try{return await navigator.clipboard.writeText(t),!0}catch{let s=this.renderRoot.querySelector(e);return s&&getSelection()?.selectAllChildren(s),!1}}emit(t,e){this.dispatchEvent(new CustomEvent(t,{detail:e,bubbles:!0,composed:!0}))}};function he(i){return i.locale?.language??i.language??"en"}function y(i,t){if(!t)return"";let e=new Date(t);return Number.isNaN(e.getTime())?t:new Intl.DateTimeFormat(he(i),{dateStyle:"medium",timeStyle:"short",timeZone:i.config.time_zone}).format(e)}function _(i,t){if(!t)return"";let e=new Date(t);if(Number.isNaN(e.getTime()))return"";let s=Object.fromEntries(new Intl.DateTimeFormat("en-CA",{timeZone:i.config.time_zone,year:"numeric",month:"2-digit",day:"2-digit",hour:"2-digit",minute:"2-digit",hourCycle:"h23"}).formatToParts(e).map(r=>[r.type,r.value]));return`${s.year}-${s.month}-${s.day}T${s.hour}:${s.minute}`}function B(i){return _(i,new Date().toISOString()).slice(0,10)}function pe(i){return`${B(i)}T00:00`}function kt(i,t){let[e,s,r]=i.split("-").map(Number);return new Date(Date.UTC(e??0,(s??1)-1,(r??1)+t)).toISOString().slice(0,10)}function wt(i,t,e){return new Intl.DateTimeFormat(he(i),{...e,timeZone:i.config.time_zone}).format(new Date(t))}var ce={weekday:"short",day:"numeric",month:"short",year:"numeric"};function tt(i,t,e){let[s="",r=""]=_(i,t).split("T"),[a="",n=""]=_(i,e).split("T"),l=wt(i,t,ce);if(n==="00:00"&&a===kt(s,1))return r==="00:00"?{key:"book.window_all_day",values:{date:l}}:{key:"book.window_day",values:{date:l,start:r,end:"24:00"}};if(a===s)return{key:"book.window_day",values:{date:l,start:r,end:n}};let d={...ce,hour:"2-digit",minute:"2-digit",hourCycle:"h23"};return{key:"book.window_span",values:{start:wt(i,t,d),end:wt(i,e,d)}}}function et(i,t){return!!(i&&t)&&t<=i}var st=["today","week","month","all","custom"],_t=864e5;function Fe(i,t,e,s){let r=a=>new Date(Date.now()-a*_t).toISOString();switch(t){case"today":return{start:pe(i)};case"week":return{start:r(7)};case"month":return{start:r(30)};case"custom":return{...e?{start:e}:{},...s?{end:s}:{}};default:return{}}}function b(i,t,e,s,r){return o`<label class="field"
    >${t}
    <select data-test=${i} @change=${a=>r(a.target.value)}>
      ${s.map(([a,n])=>o`<option value=${a} ?selected=${a===e}>${n}</option>`)}
    </select></label
  >`}function E(i,t,e,s,r=!1){return o`<label class="field"
    >${t}
    <input
      type="datetime-local"
      data-test=${i}
      ?required=${r}
      .value=${e}
      @change=${a=>s(a.target.value)}
  /></label>`}function rt(i,t){return o`<div class="card table">
    <table>
      <thead>
        <tr>
          ${i.map(e=>o`<th scope="col">${e}</th>`)}
        </tr>
      </thead>
      <tbody>
        ${t}
      </tbody>
    </table>
  </div>`}var it=c`
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
`,U=class extends p{constructor(e){super();this.asked=0;this.people=[],this.doors=[],this.compact=!1,this.generation=0,this.rows=[],this.loading=!1,this.error="",this.person="",this.door="",this.period=e,this.from="",this.to=""}static{this.properties={api:{attribute:!1},people:{attribute:!1},doors:{attribute:!1},compact:{type:Boolean},generation:{type:Number},rows:{state:!0},loading:{state:!0},error:{state:!0},person:{state:!0},door:{state:!0},period:{state:!0},from:{state:!0},to:{state:!0}}}range(){return Fe(this.hass,this.period,this.from,this.to)}async ask(e,s){let r=++this.asked;this.loading=!0;try{let a=await e();if(r!==this.asked)return;s(a),this.error=""}catch(a){r===this.asked&&(this.error=m(a))}finally{r===this.asked&&(this.loading=!1)}}};var f=c`
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
`;function x(i){return["active","in_sync","granted","removed"].includes(i)?"good":["failed","unreachable","denied","expired","offboarded"].includes(i)?"bad":["pending","syncing","suspended","scheduled","used_up"].includes(i)?"warn":""}var At=class extends U{static{this.properties={outcome:{state:!0}}}constructor(){super("week"),this.outcome=""}static{this.styles=[f,it]}filter(){let t={};return this.person&&(t.person=this.person),this.door&&(t.lock=this.door),this.outcome&&(t.outcome=this.outcome),{...t,...this.range()}}willUpdate(t){let e=["api","generation","person","door","outcome","period","from","to"];this.api&&e.some(s=>t.has(s))&&this.load()}async load(){await this.ask(()=>this.api.activity(this.filter()),t=>this.rows=t)}doorName(t){return this.doors.find(e=>e.entity_id===t)?.name??t}who(t){return t.person_name??this.t("activity.unknown_person")}renderFilters(){let t=[["",this.t("activity.everyone")]],e=[["",this.t("activity.every_door")]];return o`<div class="filters" role="search">
      ${b("filter-person",this.t("activity.person"),this.person,t.concat(this.people.map(s=>[s.person_id,s.name])),s=>this.person=s)}
      ${b("filter-door",this.t("activity.door"),this.door,e.concat(this.doors.map(s=>[s.entity_id,s.name])),s=>this.door=s)}
      ${b("filter-outcome",this.t("activity.outcome"),this.outcome,[["",this.t("activity.any_outcome")],["granted",this.t("outcome.granted")],["denied",this.t("outcome.denied")]],s=>this.outcome=s)}
      ${b("filter-period",this.t("activity.period"),this.period,st.map(s=>[s,this.t(`period.${s}`)]),s=>this.period=s)}
      ${this.period==="custom"?o`${E("filter-from",this.t("activity.from"),this.from,s=>this.from=s)}
          ${E("filter-to",this.t("activity.to"),this.to,s=>this.to=s)}`:""}
    </div>`}attrs(t){return{person:t.person_id??"",door:t.lock,outcome:t.outcome}}outcomeChip(t){return o`<span class="chip ${x(t.outcome)}">${this.t(`outcome.${t.outcome}`)}</span>`}renderRows(){if(this.compact)return o`<div class="cards">
        ${this.rows.map(e=>{let s=this.attrs(e);return o`<div class="card" data-test="activity-row" data-person=${s.person} data-door=${s.door} data-outcome=${s.outcome}>
            <div class="row"><strong>${this.who(e)}</strong><span class="spacer"></span>${this.outcomeChip(e)}</div>
            <span>${this.doorName(e.lock)} · ${this.t(`method.${e.method}`)}</span>
            <span class="muted">${y(this.hass,e.time)}</span>
          </div>`})}
      </div>`;let t=["when","person","door","outcome","method"].map(e=>this.t(`activity.${e}`));return rt(t,this.rows.map(e=>{let s=this.attrs(e);return o`<tr data-test="activity-row" data-person=${s.person} data-door=${s.door} data-outcome=${s.outcome}>
          <td>${y(this.hass,e.time)}</td>
          <td>${this.who(e)}</td>
          <td>${this.doorName(e.lock)}</td>
          <td>${this.outcomeChip(e)}</td>
          <td>${this.t(`method.${e.method}`)}</td>
        </tr>`}))}render(){return o`<h2>${this.t("activity.title")}</h2>
      ${this.renderFilters()}
      ${this.error?o`<div class="error" role="alert">${this.error}</div>`:""}
      ${this.rows.length?this.renderRows():o`<div class="card empty" aria-live="polite">
            ${this.loading?this.t("common.loading"):this.t("activity.empty")}
          </div>`}`}};customElements.define("hk-activity-view",At);var me=["access","admin","alert","gap"],O=class{constructor(t,e){this.hass=t;this.api=e}records(t,e,s=50){return this.hass.callWS({type:"housekey/journal/records",entry_id:this.api.entryId,...t,...e===void 0?{}:{before:e},limit:s})}verify(){return this.hass.callWS({type:"housekey/journal/verify",entry_id:this.api.entryId})}users(){return this.hass.callWS({type:"config/auth/list"})}async download(t,e,s){let r=new URLSearchParams({start:t,end:e,format:s}),a=`/api/housekey/journal/${this.api.entryId}/export?${r.toString()}`,n=await this.hass.callWS({type:"auth/sign_path",path:a}),l=await fetch(n.path);if(!l.ok)throw{code:"export_failed",message:(await l.json().catch(()=>({}))).message??l.statusText};let d=l.headers.get("Content-Disposition")??"",h=/filename="([^"]+)"/.exec(d)?.[1]??`journal.${s}`;return ue(await l.blob(),h),h}async exportHousehold(t){let e=await this.hass.callWS({type:"housekey/household/export",entry_id:this.api.entryId,passphrase:t}),s=Uint8Array.from(atob(e.content),r=>r.charCodeAt(0));return ue(new Blob([s],{type:"application/octet-stream"}),e.name),e.name}async importHousehold(t,e){let s=new Uint8Array(await t.arrayBuffer()),r="";for(let n=0;n<s.length;n+=32768)r+=String.fromCharCode(...s.subarray(n,n+32768));return(await this.hass.callWS({type:"housekey/household/import",entry_id:this.api.entryId,content:btoa(r),passphrase:e})).people}};function ue(i,t){let e=URL.createObjectURL(i),s=document.createElement("a");s.href=e,s.download=t,s.style.display="none",document.body.append(s),s.click(),s.remove(),setTimeout(()=>URL.revokeObjectURL(e),6e4)}var fe="button, input, select, textarea, a[href], [tabindex]:not([tabindex='-1'])";function Ne(){let i=document.activeElement;for(;i?.shadowRoot?.activeElement;)i=i.shadowRoot.activeElement;return i instanceof HTMLElement?i:null}var St=class extends p{constructor(){super();this.returnFocus=null;this.open=!1,this.heading="",this.wide=!1}static{this.properties={open:{type:Boolean},heading:{},wide:{type:Boolean}}}static{this.styles=[f,c`
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
    `]}get dialog(){return this.renderRoot.querySelector("dialog")}updated(e){let s=this.dialog;!e.has("open")||!s||(this.open&&!s.open?(this.returnFocus=Ne(),s.showModal(),this.focusFirst()):!this.open&&s.open&&s.close())}async focusFirst(){let e=this.renderRoot.querySelector("slot")?.assignedElements({flatten:!0})??[];for(let s of e){s instanceof p&&await s.updateComplete;let r=s.shadowRoot??s,a=r.querySelector("[autofocus]")??(s.matches(fe)?s:null)??r.querySelector(fe);if(a){a.focus();return}}}onCancel(e){e.preventDefault(),this.emit("closed")}onClose(){this.returnFocus?.focus(),this.returnFocus=null,this.open&&this.emit("closed")}render(){return o`<dialog
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
    </dialog>`}};customElements.define("hk-dialog",St);var ot=12,Pt=class extends p{static{this.properties={api:{attribute:!1},mode:{state:!0},passphrase:{state:!0},again:{state:!0},file:{state:!0},working:{state:!0},error:{state:!0},done:{state:!0}}}constructor(){super(),this.mode="",this.passphrase="",this.again="",this.file=null,this.working=!1,this.error="",this.done=""}static{this.styles=[f,c`
      :host {
        display: flex;
        flex-direction: column;
        gap: 8px;
      }
      form {
        display: flex;
        flex-direction: column;
        gap: 12px;
      }
      .hint {
        font-size: 0.85rem;
        margin: 0;
      }
      .actions {
        display: flex;
        justify-content: flex-end;
        gap: 8px;
      }
    `]}open(t){this.mode=t,this.passphrase="",this.again="",this.file=null,this.error="",this.done=""}close(){this.mode="",this.passphrase="",this.again=""}problem(){return this.passphrase.length<ot?this.t("household.too_short",{min:ot}):this.mode==="export"&&this.again!==this.passphrase?this.t("household.mismatch"):this.mode==="import"&&!this.file?this.t("household.no_file"):""}async submit(t){if(t.preventDefault(),this.error=this.problem(),this.error)return;let e=new O(this.hass,this.api);this.working=!0;try{if(this.mode==="export"){let s=await e.exportHousehold(this.passphrase);this.done=this.t("household.downloaded",{name:s})}else if(this.file){let s=await e.importHousehold(this.file,this.passphrase);this.done=this.t("household.imported",{count:s})}this.close()}catch(s){this.error=m(s)}finally{this.working=!1}}passphraseField(t,e,s,r){return o`<label class="field"
      >${e}
      <input
        type="password"
        data-test=${t}
        autocomplete=${this.mode==="export"?"new-password":"current-password"}
        minlength=${ot}
        required
        .value=${s}
        @input=${a=>r(a.target.value)}
    /></label>`}renderForm(){let t=this.mode==="export";return o`<form data-test="household-form" @submit=${e=>this.submit(e)}>
      ${t?"":o`<p class="hint">${this.t("household.import_warning")}</p>
            <label class="field"
              >${this.t("household.file")}
              <input
                type="file"
                accept=".hke"
                data-test="household-file"
                required
                @change=${e=>this.file=e.target.files?.[0]??null}
            /></label>`}
      ${this.passphraseField("household-passphrase",this.t("household.passphrase"),this.passphrase,e=>this.passphrase=e)}
      ${t?o`${this.passphraseField("household-again",this.t("household.passphrase_again"),this.again,e=>this.again=e)}
            <p class="hint muted">${this.t("household.passphrase_hint",{min:ot})}</p>`:""}
      ${this.error?o`<div class="error" role="alert" data-test="household-error">${this.error}</div>`:""}
      <div class="actions">
        <button type="button" data-test="cancel" @click=${()=>this.close()}>${this.t("common.cancel")}</button>
        <button type="submit" class=${t?"primary":"primary danger"} data-test="household-submit" ?disabled=${this.working}>
          ${this.working?this.t("household.working"):t?this.t("household.download"):this.t("household.import_confirm")}
        </button>
      </div>
    </form>`}render(){return o`<h3>${this.t("household.title")}</h3>
      <p class="hint muted">${this.t("household.hint")}</p>
      <div class="row">
        <button data-test="household-export" @click=${()=>this.open("export")}>${this.t("household.export")}</button>
        <button data-test="household-import" @click=${()=>this.open("import")}>${this.t("household.import")}</button>
      </div>
      <div role="status" aria-live="polite">
        ${this.done?o`<span class="chip good" data-test="household-done">${this.done}</span>`:""}
      </div>
      <hk-dialog
        .hass=${this.hass}
        ?open=${this.mode!==""}
        .heading=${this.mode==="import"?this.t("household.import_title"):this.t("household.export_title")}
        @closed=${()=>this.close()}
      >
        ${this.mode?this.renderForm():""}
      </hk-dialog>`}};customElements.define("hk-household-file",Pt);var je=50,ge=new Set(["gap","unreachable","recovery","stop","checkpoint"]);function $(i){return i==null?"":String(i)}var Et=class extends U{static{this.properties={next:{state:!0},kind:{state:!0},verdict:{state:!0},verifying:{state:!0},exportFrom:{state:!0},exportTo:{state:!0},format:{state:!0},exporting:{state:!0},exported:{state:!0},exportError:{state:!0},users:{state:!0}}}constructor(){super("all"),this.next=null,this.kind="",this.verdict=null,this.verifying=!1,this.exportFrom="",this.exportTo="",this.format="csv",this.exporting=!1,this.exported="",this.exportError="",this.users=new Map}static{this.styles=[f,it,c`
      .tools {
        display: flex;
        flex-wrap: wrap;
        gap: 12px;
        margin-bottom: 16px;
        align-items: start;
      }
      .tools > .card {
        flex: 1 1 320px;
        display: flex;
        flex-direction: column;
        gap: 8px;
      }
      .tools form .row {
        align-items: end;
      }
      .verdict {
        display: flex;
        gap: 8px;
        align-items: center;
      }
      .verdict .chip {
        white-space: normal;
      }
      .hint {
        font-size: 0.85rem;
        margin: 0;
      }
      tr.gap td,
      .cards .card.gap {
        background: color-mix(in srgb, var(--warning-color, #ffa600) 10%, transparent);
      }
      tr.gap td:first-child,
      .cards .card.gap {
        border-inline-start: 4px dashed var(--warning-color, #ffa600);
      }
      tr.bad td {
        background: color-mix(in srgb, var(--error-color, #db4437) 12%, transparent);
      }
      td.seq {
        color: var(--secondary-text-color);
        font-variant-numeric: tabular-nums;
      }
      .more {
        display: flex;
        justify-content: center;
        align-items: center;
        gap: 12px;
        margin-top: 12px;
      }
    `]}get audit(){return new O(this.hass,this.api)}connectedCallback(){super.connectedCallback(),this.exportTo||(this.exportFrom=_(this.hass,new Date(Date.now()-30*_t).toISOString()),this.exportTo=_(this.hass,new Date(Date.now()+6e4).toISOString()))}willUpdate(t){let e=["api","generation","kind","person","door","period","from","to"];this.api&&e.some(s=>t.has(s))&&this.load(),t.has("api")&&this.api&&this.loadUsers()}filter(){return{...this.kind?{kinds:[this.kind]}:{},...this.person?{person:this.person}:{},...this.door?{lock:this.door}:{},...this.range()}}async load(t=!1){let e=t?this.next??void 0:void 0;await this.ask(()=>this.audit.records(this.filter(),e,je),s=>{this.rows=t?[...this.rows,...s.records]:s.records,this.next=s.next_before})}async loadUsers(){try{let t=await this.audit.users();this.users=new Map(t.map(e=>[e.id,e.name]))}catch{}}async verify(){this.verifying=!0;try{this.verdict=await this.audit.verify(),this.error=""}catch(t){this.error=m(t)}finally{this.verifying=!1,this.load()}}async export(t){t.preventDefault(),this.exporting=!0,this.exported="",this.exportError="";try{let e=await this.audit.download(this.exportFrom,this.exportTo,this.format);this.exported=this.t("audit.exported",{name:e})}catch(e){this.exportError=m(e)}finally{this.exporting=!1,this.load()}}doorName(t){let e=$(t);return this.doors.find(s=>s.entity_id===e)?.name??e}when(t){return y(this.hass,$(t)||null)}describe(t){let e=t.data,s=this.doorName(e.lock??e.entity_id),r={from:this.when(e.from),to:this.when(e.to),door:s};switch(t.kind){case"access":return this.t("audit.describe.access",{outcome:this.t(`outcome.${$(e.outcome)}`),method:this.t(`method.${$(e.method)}`)});case"admin":return this.describeAdmin(e);case"alert":return this.t("audit.describe.alert",{alert:this.t(`alert.${$(e.kind)}`)});case"gap":return e.cause==="lock_unreachable"?this.t("audit.describe.gap_lock",r):e.cause==="reload"?this.t("audit.describe.gap_reload",r):this.t("audit.describe.gap_down",r);case"unreachable":return this.t("audit.describe.unreachable",{door:s});case"recovery":return e.ok?this.t("audit.describe.recovery_ok",{...r,count:Number(e.records??0)}):this.t("audit.describe.recovery_failed",{door:s});case"stop":return this.t(e.reason==="reload"?"audit.describe.stop_reload":"audit.describe.stop");case"checkpoint":return this.t("audit.describe.checkpoint",{first:$(e.first_seq),last:$(e.last_seq)});case"lock_event":return this.t("audit.describe.lock_event",{event:$(e.event)});default:return t.kind}}describeAdmin(t){if(t.action==="journal_verified")return t.ok?this.t("audit.describe.verified_ok",{records:Number(t.records??0)}):this.t("audit.describe.verified_bad",{seq:$(t.first_bad_seq)});if(t.action==="journal_exported")return this.t("audit.describe.exported",{format:$(t.format).toUpperCase(),records:Number(t.records??0)});let e=this.t(`audit.actions.${$(t.action)}`),s=$(t.actor);return s?this.t("audit.describe.admin",{action:e,actor:this.users.get(s)??s}):this.t("audit.describe.admin_nobody",{action:e})}who(t){let e=$(t.data.person_name);return e||(t.kind==="access"?this.t("activity.unknown_person"):"")}kindChip(t){let e=ge.has(t.kind)?"gap":t.kind,s=e==="gap"?"warn":e==="alert"?"bad":t.kind==="access"?x($(t.data.outcome)):"";return o`<span class="chip ${s}">${this.t(`audit.kind_label.${t.kind}`)}</span>${t.recovered?o` <span class="chip" title=${this.t("audit.recovered_hint")} data-test="recovered"
            >${this.t("audit.recovered")}</span
          >`:""}`}attrs(t){return{seq:String(t.seq),kind:t.kind,person:$(t.data.person_id),door:$(t.data.lock??t.data.entity_id),cls:[ge.has(t.kind)?"gap":"",this.verdict&&!this.verdict.ok&&this.verdict.first_bad_seq===t.seq?"bad":""].join(" ")}}renderVerdict(){let t=this.verdict;if(!t)return"";let e=this.t(`audit.reason.${t.reason??"altered"}`),s=t.ok?this.t("audit.verify_ok",{records:t.records}):t.first_bad_seq===null?this.t("audit.verify_bad_no_seq",{reason:e}):this.t("audit.verify_bad",{seq:t.first_bad_seq,reason:e,records:t.records});return o`<span
      class="chip ${t.ok?"good":"bad"}"
      data-test="verdict"
      data-ok=${t.ok?"true":"false"}
      data-seq=${t.first_bad_seq??""}
      >${s}</span
    >`}renderTools(){return o`<div class="tools">
      <div class="card">
        <h3>${this.t("audit.verify")}</h3>
        <p class="hint muted">${this.t("audit.verify_hint")}</p>
        <div class="verdict" role="status" aria-live="polite">
          <button class="primary" data-test="verify" ?disabled=${this.verifying} @click=${()=>this.verify()}>
            ${this.verifying?this.t("audit.verifying"):this.t("audit.verify")}
          </button>
          ${this.renderVerdict()}
        </div>
      </div>
      <form class="card" data-test="export-form" @submit=${t=>this.export(t)}>
        <h3>${this.t("audit.export_title")}</h3>
        <div class="row">
          ${E("export-from",this.t("audit.from"),this.exportFrom,t=>this.exportFrom=t,!0)}
          ${E("export-to",this.t("audit.to"),this.exportTo,t=>this.exportTo=t,!0)}
          ${b("export-format",this.t("audit.format"),this.format,[["csv","CSV"],["json","JSON"]],t=>this.format=t)}
          <button class="primary" type="submit" data-test="export" ?disabled=${this.exporting}>
            ${this.exporting?this.t("audit.exporting"):this.t("audit.export")}
          </button>
        </div>
        <p class="hint muted">${this.t("audit.export_hint")}</p>
        <div role="status" aria-live="polite">
          ${this.exported?o`<span class="chip good" data-test="exported">${this.exported}</span>`:""}
        </div>
        ${this.exportError?o`<div class="error" role="alert" data-test="export-error">${this.exportError}</div>`:""}
      </form>
      <hk-household-file class="card" .hass=${this.hass} .api=${this.api}></hk-household-file>
    </div>`}renderFilters(){return o`<div class="filters" role="search">
      ${b("audit-kind",this.t("audit.kind"),this.kind,[["",this.t("audit.any_kind")],...me.map(t=>[t,this.t(`audit.kinds.${t}`)])],t=>this.kind=t)}
      ${b("audit-person",this.t("audit.person"),this.person,[["",this.t("audit.everyone")],...this.people.map(t=>[t.person_id,t.name])],t=>this.person=t)}
      ${b("audit-door",this.t("audit.door"),this.door,[["",this.t("audit.every_door")],...this.doors.map(t=>[t.entity_id,t.name])],t=>this.door=t)}
      ${b("audit-period",this.t("audit.period"),this.period,st.map(t=>[t,this.t(`period.${t}`)]),t=>this.period=t)}
      ${this.period==="custom"?o`${E("audit-from",this.t("audit.from"),this.from,t=>this.from=t)}
          ${E("audit-to",this.t("audit.to"),this.to,t=>this.to=t)}`:""}
    </div>`}renderRows(){if(this.compact)return o`<div class="cards">
        ${this.rows.map(e=>{let s=this.attrs(e);return o`<div class="card ${s.cls}" data-test="audit-row" data-seq=${s.seq} data-kind=${s.kind} data-person=${s.person} data-door=${s.door}>
            <div class="row"><span>${this.kindChip(e)}</span><span class="spacer"></span><span class="muted">#${e.seq}</span></div>
            <span>${this.describe(e)}</span>
            ${this.who(e)||s.door?o`<span>${[this.who(e),s.door?this.doorName(s.door):""].filter(Boolean).join(" · ")}</span>`:""}
            <span class="muted">${this.when(e.time)}</span>
          </div>`})}
      </div>`;let t=["when","kind","what","person","door"].map(e=>this.t(`audit.${e}`));return rt(["#",...t],this.rows.map(e=>{let s=this.attrs(e);return o`<tr class=${s.cls} data-test="audit-row" data-seq=${s.seq} data-kind=${s.kind} data-person=${s.person} data-door=${s.door}>
          <td class="seq">${e.seq}</td>
          <td>${this.when(e.time)}</td>
          <td>${this.kindChip(e)}</td>
          <td>${this.describe(e)}</td>
          <td>${this.who(e)}</td>
          <td>${s.door?this.doorName(s.door):""}</td>
        </tr>`}))}render(){return o`<h2>${this.t("audit.title")}</h2>
      <p class="muted">${this.t("audit.intro")}</p>
      ${this.renderTools()} ${this.renderFilters()}
      ${this.error?o`<div class="error" role="alert">${this.error}</div>`:""}
      ${this.rows.length?o`${this.renderRows()}
            <div class="more">
              <span class="muted" data-test="shown">${this.t("audit.shown",{count:this.rows.length})}</span>
              ${this.next!==null?o`<button data-test="more" ?disabled=${this.loading} @click=${()=>this.load(!0)}>
                    ${this.t("audit.more")}
                  </button>`:""}
            </div>`:o`<div class="card empty" aria-live="polite">
            ${this.loading?this.t("common.loading"):this.t("audit.empty")}
          </div>`}`}};customElements.define("hk-audit-view",Et);var V=["mon","tue","wed","thu","fri","sat","sun"],ve=["resident","guest","service","admin"];var Ct=class extends p{static{this.properties={api:{attribute:!1},person:{attribute:!1},enrolled:{state:!0},phase:{state:!0},enrolment:{state:!0},copied:{state:!0},error:{state:!0}}}constructor(){super(),this.enrolled=!1,this.phase="idle",this.enrolment=null,this.copied="",this.error=""}static{this.styles=[f,c`
      :host {
        display: flex;
        flex-direction: column;
        gap: 8px;
      }
      .actions {
        display: flex;
        flex-wrap: wrap;
        gap: 8px;
      }
      .shown {
        display: grid;
        grid-template-columns: auto 1fr;
        gap: 12px 16px;
        align-items: start;
      }
      .qr {
        /* a light quiet zone in dark themes too: apps read dark modules on light */
        background: #fff;
        border-radius: 8px;
        padding: 4px;
        max-width: 100%;
        image-rendering: pixelated;
      }
      .details {
        display: flex;
        flex-direction: column;
        gap: 8px;
        min-width: 0;
      }
      code {
        display: block;
        font-family: var(--ha-font-family-code, monospace);
        word-break: break-all;
        padding: 6px 8px;
        border-radius: 6px;
        background: var(--secondary-background-color, var(--primary-background-color));
        user-select: all;
      }
      .secret {
        font-size: 1.1rem;
        letter-spacing: 0.08em;
      }
      .secret span {
        display: inline-block;
        margin-inline-end: 0.6em;
      }
      .hint {
        font-size: 0.85rem;
        color: var(--secondary-text-color);
      }
      @media (max-width: 600px) {
        .shown {
          grid-template-columns: 1fr;
          justify-items: center;
        }
        .details {
          width: 100%;
        }
      }
    `]}willUpdate(t){t.has("person")&&(this.enrolled=this.person.has_authenticator,this.phase="idle",this.enrolment=null)}updated(t){if(t.has("phase")){let e=this.renderRoot.querySelector("[data-focus]");e?.focus({preventScroll:!0}),this.phase!=="shown"&&e?.scrollIntoView({block:"nearest"})}}async enrol(){this.phase="working",this.error="";try{this.enrolment=await this.api.enrolAuthenticator(this.person.person_id),this.enrolled=!0,this.copied="",this.phase="shown"}catch(t){this.error=m(t),this.phase="idle"}}async unenrol(){this.phase="working",this.error="";try{await this.api.removeAuthenticator(this.person.person_id),this.enrolled=!1}catch(t){this.error=m(t)}this.phase="idle"}async copy(t){let e=this.enrolment?.[t]??"";await this.copyText(e,`[data-test='otp-${t}']`)&&(this.copied=t)}shownLoaded(){this.scrollIntoView({block:"start"})}dismiss(){this.enrolment=null,this.phase="idle"}renderShown(t){let e=this.person.name;return o`<p>${this.t("authenticator.scan",{name:e})}</p>
      <div class="shown">
        <img
          class="qr"
          data-test="otp-qr"
          src=${t.qr_code}
          alt=${this.t("authenticator.qr_alt",{name:e})}
          @load=${this.shownLoaded}
        />
        <div class="details">
          <span class="hint">${this.t("authenticator.secret")}</span>
          <code class="secret" data-test="otp-secret"
            >${Le(t.secret).map(s=>o`<span>${s}</span>`)}</code
          >
          <span class="hint">${this.t("authenticator.uri")}</span>
          <code data-test="otp-uri">${t.uri}</code>
        </div>
      </div>
      <p class="hint" role="note">${this.t("authenticator.not_again")}</p>
      <div class="actions">
        <button type="button" data-test="copy-secret" data-focus @click=${()=>this.copy("secret")}>
          ${this.copied==="secret"?this.t("editor.copied"):this.t("authenticator.copy_secret")}
        </button>
        <button type="button" data-test="copy-uri" @click=${()=>this.copy("uri")}>
          ${this.copied==="uri"?this.t("editor.copied"):this.t("authenticator.copy_uri")}
        </button>
        <span class="spacer"></span>
        <button type="button" class="primary" data-test="otp-done" @click=${this.dismiss}>
          ${this.t("common.done")}
        </button>
      </div>`}renderQuestion(t){let e=this.person.name;return o`<p role="alert">
        ${t?this.t("authenticator.remove_confirm",{name:e}):this.t("authenticator.enrol_again_confirm",{name:e})}
      </p>
      <div class="actions">
        <button type="button" data-test="otp-cancel" data-focus @click=${()=>this.phase="idle"}>
          ${this.t("common.cancel")}
        </button>
        <button
          type="button"
          class="danger primary"
          data-test="otp-confirm"
          @click=${t?this.unenrol:this.enrol}
        >
          ${t?this.t("authenticator.remove"):this.t("authenticator.enrol_again")}
        </button>
      </div>`}renderIdle(){let t=this.phase==="working";return o`<p class="row">
        <span class="chip ${this.enrolled?"good":""}" data-test="otp-state"
          >${this.enrolled?this.t("authenticator.enrolled"):this.t("authenticator.not_enrolled")}</span
        >
      </p>
      <p class="hint">
        ${this.enrolled?this.t("authenticator.enrolled_hint"):this.t("authenticator.not_enrolled_hint")}
      </p>
      <div class="actions">
        ${this.enrolled?o`<button
                type="button"
                data-test="otp-enrol-again"
                ?disabled=${t}
                @click=${()=>this.phase="confirm-enrol"}
              >
                ${this.t("authenticator.enrol_again")}
              </button>
              <button
                type="button"
                class="danger"
                data-test="otp-remove"
                ?disabled=${t}
                @click=${()=>this.phase="confirm-remove"}
              >
                ${this.t("authenticator.remove")}
              </button>`:o`<button type="button" data-test="otp-enrol" ?disabled=${t} @click=${this.enrol}>
              ${t?this.t("common.saving"):this.t("authenticator.enrol")}
            </button>`}
      </div>`}render(){let t=this.error?o`<div class="error" role="alert" data-test="otp-error">${this.error}</div>`:"";return this.phase==="shown"&&this.enrolment?o`${t}${this.renderShown(this.enrolment)}`:this.phase==="confirm-enrol"||this.phase==="confirm-remove"?o`${t}${this.renderQuestion(this.phase==="confirm-remove")}`:o`${t}${this.renderIdle()}`}};function Le(i){return i.match(/.{1,4}/g)??[i]}customElements.define("hk-authenticator",Ct);var Tt=class extends p{static{this.properties={windows:{attribute:!1}}}constructor(){super(),this.windows=[]}static{this.styles=[f,c`
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
    `]}change(t){this.windows=t,this.emit("windows-changed",t)}edit(t,e){this.change(this.windows.map((s,r)=>r===t?{...s,...e}:s))}toggle(t,e){let s=this.windows[t]?.days??[],r=s.includes(e)?s.filter(a=>a!==e):[...s,e];this.edit(t,{days:V.filter(a=>r.includes(a))})}add(){let t=["mon","tue","wed","thu","fri"];this.change([...this.windows,{days:t,start:"09:00",end:"17:00"}])}removeWindow(t){this.change(this.windows.filter((e,s)=>s!==t))}renderWindow(t,e){let s=this.t("weekly.window",{number:e+1});return o`<fieldset class="window" data-test="window-${e}">
      <legend class="sr-only">${s}</legend>
      <div class="days" role="group" aria-label=${this.t("weekly.days")}>
        ${V.map(r=>o`<button
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
        ${et(t.start,t.end)?o`<span class="overnight" data-test="window-${e}-overnight"
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
      </button>`}};customElements.define("hk-weekly-editor",Tt);var Dt=class extends p{static{this.properties={api:{attribute:!1},person:{attribute:!1},doors:{attribute:!1},adopt:{attribute:!1},error:{state:!0},saving:{state:!0},shownPin:{state:!0},copied:{state:!0},revealed:{state:!0},draft:{state:!0}}}constructor(){super(),this.person=null,this.doors=[],this.adopt=null,this.error="",this.saving=!1,this.shownPin="",this.copied=!1,this.revealed="",this.draft=$e()}static{this.styles=[f,c`
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
    `]}willUpdate(t){(t.has("person")||t.has("adopt"))&&(this.draft=this.person?ze(this.hass,this.person):$e(this.adopt),this.error="",this.shownPin="",this.copied=!1,this.revealed="")}set(t){this.draft={...this.draft,...t}}value(t){return t.target.value}toggleDoor(t,e){let s=new Set(this.draft.doors);e?s.add(t):s.delete(t),this.set({doors:[...s]})}fields(){let t=this.draft,e=this.person?null:void 0,s={name:t.name,role:t.role,weekly:t.weekly},r={locks:t.allDoors?e:t.doors,valid_from:t.validFrom||e,valid_until:t.validUntil||e,max_uses:t.maxUses?Number(t.maxUses):e};for(let[a,n]of Object.entries(r))n!==void 0&&Object.assign(s,{[a]:n});return t.duress&&(s.duress_pin=t.duress),s}async save(t){if(t.preventDefault(),this.saving)return;this.saving=!0,this.error="";let e=this.draft;try{let s=this.fields(),r;this.person?(r=await this.api.update(this.person.person_id,s),e.pinMode!=="keep"&&(r=await this.api.setPin(r.person_id,e.pinMode==="type"?e.pin:void 0))):(e.pinMode==="type"&&(s.pin=e.pin),r=this.adopt?await this.api.adoptForeign(this.adopt.lock,this.adopt.slot,s):await this.api.add(s)),r.pin?this.shownPin=r.pin:this.emit("saved",r)}catch(s){this.error=m(s)}finally{this.saving=!1}}async reveal(){if(this.person){this.error="";try{this.revealed=(await this.api.revealPin(this.person.person_id)).pin}catch(t){this.error=m(t)}}}async copy(){this.copied=await this.copyText(this.shownPin,"[data-test='generated-pin']")}done(){this.shownPin="",this.emit("saved",{})}renderPinShown(){return o`<div class="column">
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
            ${ve.map(e=>o`<option value=${e} ?selected=${t.role===e}>
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
      <fieldset data-test="authenticator">
        <legend>${this.t("authenticator.title")}</legend>
        ${this.person?o`<hk-authenticator .hass=${this.hass} .api=${this.api} .person=${this.person}></hk-authenticator>`:o`<span class="hint">${this.t("authenticator.after_saving")}</span>`}
      </fieldset>
      <div class="actions">
        <button type="button" data-test="cancel" @click=${()=>this.emit("cancelled")}>
          ${this.t("common.cancel")}
        </button>
        <button type="submit" class="primary" data-test="save" ?disabled=${this.saving}>
          ${this.saving?this.t("common.saving"):this.t("common.save")}
        </button>
      </div>
    </form>`}};function $e(i=null){return{name:"",role:"resident",allDoors:i===null,doors:i?[i.lock]:[],validFrom:"",validUntil:"",maxUses:"",weekly:[],pinMode:"generate",pin:"",duress:""}}function ze(i,t){return{name:t.name,role:t.role,allDoors:t.locks===null,doors:t.locks??[],validFrom:_(i,t.valid_from),validUntil:_(i,t.valid_until),maxUses:t.max_uses===null?"":String(t.max_uses),weekly:t.weekly.map(e=>({...e,days:[...e.days]})),pinMode:"keep",pin:"",duress:""}}customElements.define("hk-person-editor",Dt);var Ie=["authentication","management","audit"],qe={pass:"✓",warn:"!",fail:"✕"},Rt=class extends p{static{this.properties={readiness:{attribute:!1}}}static{this.styles=c`
    :host {
      display: block;
      border-top: 1px solid var(--divider-color);
      padding-top: 10px;
    }
    h4 {
      margin: 0 0 6px;
      font-size: 0.95rem;
      font-weight: 500;
    }
    .line {
      display: grid;
      grid-template-columns: 1.5em 5.5em 1fr;
      gap: 4px;
      align-items: baseline;
      margin: 4px 0;
    }
    .icon {
      display: inline-flex;
      justify-content: center;
      align-items: center;
      width: 1.3em;
      height: 1.3em;
      border-radius: 50%;
      font-size: 0.8rem;
      font-weight: 700;
      color: var(--text-primary-color, #fff);
    }
    .pass {
      background: var(--success-color, #43a047);
    }
    .warn {
      background: var(--warning-color, #ffa600);
    }
    .fail {
      background: var(--error-color, #db4437);
    }
    .check {
      font-weight: 500;
    }
    .facts {
      color: var(--secondary-text-color);
      font-size: 0.85rem;
      margin-top: 4px;
    }
  `}reason(t){let e=this.readiness.reasons[t];return this.t(`readiness.reason.${e}`,{count:this.readiness.hours_by_home_assistant})}when(t,e,s){return t?this.t(e,{when:y(this.hass,t)}):this.t(s)}facts(){let t=this.readiness,e=[this.when(t.last_confirmed,"readiness.confirmed","readiness.never_confirmed"),this.when(t.last_report,"readiness.last_report","readiness.no_report")];return t.methods.length&&e.splice(1,0,this.t("readiness.reports",{methods:t.methods.map(s=>this.t(`method.${s}`)).join(", ")})),e}render(){let t=this.readiness;return o`<h4>${this.t("readiness.title")}</h4>
      ${Ie.map(e=>{let s=t.verdicts[e];return o`<div class="line" data-test="readiness-${e}" data-verdict=${s} data-reason=${t.reasons[e]}>
          <span class="icon ${s}" role="img" aria-label=${this.t(`readiness.verdict.${s}`)}>${qe[s]}</span>
          <span class="check">${this.t(`readiness.${e}`)}</span>
          <span>${this.reason(e)}</span>
        </div>`})}
      <div class="facts">${this.facts().join(" · ")}</div>`}};customElements.define("hk-readiness",Rt);var Mt=class extends p{static{this.properties={api:{attribute:!1},doors:{attribute:!1},adopting:{state:!0},clearing:{state:!0},clearSlots:{state:!0},error:{state:!0},busy:{state:!0}}}constructor(){super(),this.doors=[],this.adopting=null,this.clearing=null,this.error="",this.busy=!1}static{this.styles=[f,c`
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
    `]}lastAccess(t){let e=t.last_access;return e?this.t("doors.last_access",{when:y(this.hass,e.at),name:e.person_name??this.t("doors.unknown_person"),outcome:this.t(`outcome.${e.outcome}`),method:this.t(`method.${e.method}`)}):this.t("doors.never")}async clear(){let t=this.clearing;if(t){this.busy=!0,this.error="";try{await this.api.clearForeign(t.entity_id,this.clearSlots),this.clearing=null}catch(e){this.error=m(e)}finally{this.busy=!1}}}shownAlerts(t){return t.alerts.filter(e=>!(e==="foreign_code"&&t.foreign.length))}askClear(t,e){this.error="",this.clearSlots=e,this.clearing=t}renderForeign(t){if(!t.foreign_slots)return"";let e=t.foreign;return o`<div class="foreign-list" data-test="foreign-${t.entity_id}">
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
      <hk-readiness .hass=${this.hass} .readiness=${t.readiness} data-test="readiness"></hk-readiness>
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
      </hk-dialog>`}};customElements.define("hk-doors-view",Mt);var Ut="hk-code-sheet",We=31,at=c`
  @media print {
    @page {
      margin: 12mm;
    }
    html,
    body {
      height: auto !important;
      overflow: visible !important;
      background: #fff !important;
    }
    body > :not(${Y(Ut)}) {
      display: none !important;
    }
  }
`.styleSheet,Ht=class extends p{static{this.properties={household:{},person:{},doors:{attribute:!1},codes:{attribute:!1}}}constructor(){super(),this.household="",this.person="",this.doors=[],this.codes=[]}static{this.styles=c`
    :host {
      display: none;
    }
    @media print {
      :host {
        display: block;
        color: #000;
        background: #fff;
        font: 11pt/1.4 var(--ha-font-family-body, Roboto, "DejaVu Sans", sans-serif);
      }
    }
    h1 {
      font-size: 18pt;
      font-weight: 600;
      margin: 0;
    }
    h2 {
      font-size: 14pt;
      font-weight: 500;
      margin: 2pt 0 10pt;
    }
    dl {
      display: grid;
      grid-template-columns: max-content 1fr;
      gap: 2pt 10pt;
      margin: 0 0 10pt;
    }
    dt {
      color: #444;
    }
    dd {
      margin: 0;
    }
    ol {
      list-style: none;
      margin: 0;
      padding: 0;
      border-top: 1pt solid #999;
    }
    .dense dl {
      display: flex;
      flex-wrap: wrap;
      gap: 0 6pt;
      font-size: 9pt;
    }
    .dense dd {
      margin-inline-end: 10pt;
    }
    .dense ol {
      column-count: 2;
      column-gap: 10mm;
    }
    .dense li {
      font-size: 8.5pt;
      line-height: 1.15;
      padding: 0.6pt 0;
      gap: 6pt;
    }
    .dense .code {
      font-size: 9.5pt;
    }
    li {
      display: grid;
      grid-template-columns: 2.2em max-content 1fr;
      gap: 10pt;
      align-items: baseline;
      padding: 3pt 0;
      border-bottom: 0.5pt solid #bbb;
      break-inside: avoid;
    }
    .number {
      color: #666;
      text-align: end;
    }
    .code {
      font: 600 13pt/1 "DejaVu Sans Mono", monospace;
      letter-spacing: 0.12em;
    }
    p {
      margin: 10pt 0 0;
      color: #333;
      font-size: 9.5pt;
    }
  `}connectedCallback(){super.connectedCallback(),at&&!document.adoptedStyleSheets.includes(at)&&(document.adoptedStyleSheets=[...document.adoptedStyleSheets,at])}disconnectedCallback(){super.disconnectedCallback(),document.adoptedStyleSheets=document.adoptedStyleSheets.filter(t=>t!==at)}render(){let t=new Date().toISOString();return o`<div class=${this.codes.length>We?"dense":""}>
      <h1>${this.household}</h1>
      <h2>${this.t("book.sheet_title",{name:this.person})}</h2>
      <dl>
        <dt>${this.t("book.sheet_doors")}</dt>
        <dd>${this.doors.join(", ")}</dd>
        <dt>${this.t("book.sheet_zone")}</dt>
        <dd>${this.hass.config.time_zone}</dd>
        <dt>${this.t("book.sheet_printed")}</dt>
        <dd>${y(this.hass,t)}</dd>
      </dl>
      <ol>
        ${this.codes.map((e,s)=>{let r=tt(this.hass,e.valid_from,e.valid_until);return o`<li>
            <span class="number">${s+1}</span>
            <span class="code">${e.code}</span>
            <span>${this.t(r.key,r.values)}</span>
          </li>`})}
      </ol>
      <p>${this.t("book.sheet_note")}</p>
    </div>`}};customElements.define(Ut,Ht);function ye(){let i=document.createElement(Ut);return document.body.append(i),i}var Ot=class extends p{constructor(){super();this.sheet=null;this.asked="form";this.doors=[],this.household="",this.phase="form",this.from="",this.length="4",this.unit="weeks",this.codes=[],this.error=""}static{this.properties={api:{attribute:!1},person:{attribute:!1},doors:{attribute:!1},household:{},phase:{state:!0},from:{state:!0},length:{state:!0},unit:{state:!0},codes:{state:!0},error:{state:!0}}}static{this.styles=[f,c`
      :host,
      form {
        display: flex;
        flex-direction: column;
        gap: 12px;
      }
      p {
        margin: 0;
      }
      .grid {
        display: grid;
        grid-template-columns: repeat(auto-fit, minmax(160px, 1fr));
        gap: 12px;
      }
      .length {
        display: flex;
        gap: 8px;
      }
      .length input {
        width: 6em;
      }
      .actions {
        display: flex;
        flex-wrap: wrap;
        justify-content: flex-end;
        gap: 8px;
      }
      .hint {
        font-size: 0.85rem;
        color: var(--secondary-text-color);
      }
      .list {
        max-height: 50vh;
        overflow-y: auto;
        border: 1px solid var(--divider-color);
        border-radius: 8px;
      }
      td.number {
        color: var(--secondary-text-color);
        text-align: end;
        width: 3em;
      }
      td.code {
        font-family: var(--ha-font-family-code, monospace);
        font-size: 1.1rem;
        letter-spacing: 0.1em;
        white-space: nowrap;
      }
      @media (max-width: 600px) {
        .list {
          max-height: none;
        }
      }
    `]}willUpdate(){!this.from&&this.hass&&(this.from=B(this.hass))}updated(e){e.has("phase")&&this.renderRoot.querySelector("[data-focus]")?.focus(),this.followSheet()}disconnectedCallback(){super.disconnectedCallback(),this.dropSheet()}followSheet(){if(this.phase!=="shown"){this.dropSheet();return}let e=this.sheet??=ye();e.hass=this.hass,e.household=this.household,e.person=this.person.name,e.doors=this.doorNames(),e.codes=this.codes}dropSheet(){this.sheet?.remove(),this.sheet=null}doorNames(){let e=this.person.locks;return(e===null?this.doors:this.doors.filter(r=>e.includes(r.entity_id))).map(r=>r.name)}period(){let e=Number(this.length)*(this.unit==="weeks"?7:1),s=`${kt(this.from,Number.isFinite(e)?e:0)}T00:00`;return this.from===B(this.hass)?{until:s}:{from:`${this.from}T00:00`,until:s}}async issue(e){e.preventDefault(),this.phase="working",this.error="";try{this.codes=(await this.api.issueCodeBook(this.person.person_id,this.period())).codes,this.phase="shown"}catch(s){this.error=m(s),this.phase="form"}}async revoke(){this.error="";try{await this.api.revokeCodeBook(this.person.person_id),this.codes=[],this.phase="revoked"}catch(e){this.error=m(e),this.phase=this.asked}}ask(){this.asked=this.phase,this.phase="confirm"}close(){this.codes=[],this.emit("closed")}renderForm(){let e=this.person.has_code_book,s=this.phase==="working";return o`<p>${this.t("book.intro",{name:this.person.name})}</p>
      <p class="row">
        <span class="chip ${e?"good":""}" data-test="book-state"
          >${e?this.t("book.active"):this.t("book.none")}</span
        >
        ${e?o`<span class="hint">${this.t("book.reprint_hint")}</span>`:""}
      </p>
      <form @submit=${this.issue}>
        <div class="grid">
          <label class="field"
            >${this.t("book.from")}
            <input
              type="date"
              data-test="book-from"
              data-focus
              required
              min=${B(this.hass)}
              .value=${this.from}
              @change=${r=>this.from=r.target.value}
          /></label>
          <label class="field"
            >${this.t("book.length")}
            <div class="length">
              <input
                type="number"
                min="1"
                step="1"
                inputmode="numeric"
                data-test="book-length"
                .value=${this.length}
                @input=${r=>this.length=r.target.value}
              />
              <select
                data-test="book-unit"
                aria-label=${this.t("book.unit")}
                @change=${r=>this.unit=r.target.value}
              >
                ${["days","weeks"].map(r=>o`<option value=${r} ?selected=${this.unit===r}>${this.t(`book.${r}`)}</option>`)}
              </select>
            </div></label
          >
        </div>
        <p class="hint">${this.t("book.zone",{zone:this.hass.config.time_zone})}</p>
        <div class="actions">
          ${e?o`<button type="button" class="danger" data-test="book-revoke" @click=${this.ask}>
                ${this.t("book.revoke")}
              </button>`:""}
          <span class="spacer"></span>
          <button type="button" data-test="book-close" @click=${this.close}>${this.t("common.cancel")}</button>
          <button type="submit" class="primary" data-test="book-issue" ?disabled=${s}>
            ${s?this.t("book.issuing"):e?this.t("book.reissue"):this.t("book.issue")}
          </button>
        </div>
      </form>`}renderCodes(){return o`<p aria-live="polite" data-test="book-summary">
        ${this.t("book.issued",{count:this.codes.length,name:this.person.name})}
      </p>
      <div class="list">
        <table>
          <thead>
            <tr>
              <th scope="col"><span class="sr-only">${this.t("book.number")}</span></th>
              <th scope="col">${this.t("book.code")}</th>
              <th scope="col">${this.t("book.window")}</th>
            </tr>
          </thead>
          <tbody>
            ${this.codes.map((e,s)=>{let r=tt(this.hass,e.valid_from,e.valid_until);return o`<tr data-test="book-row">
                <td class="number">${s+1}</td>
                <td class="code" data-test="book-code">${e.code}</td>
                <td data-test="book-window">${this.t(r.key,r.values)}</td>
              </tr>`})}
          </tbody>
        </table>
      </div>
      <p class="hint">${this.t("book.shown_hint",{zone:this.hass.config.time_zone})}</p>
      <div class="actions">
        <button type="button" class="danger" data-test="book-revoke" @click=${this.ask}>
          ${this.t("book.revoke")}
        </button>
        <span class="spacer"></span>
        <button type="button" data-test="book-print" data-focus @click=${()=>print()}>
          ${this.t("book.print")}
        </button>
        <button type="button" class="primary" data-test="book-done" @click=${this.close}>
          ${this.t("common.done")}
        </button>
      </div>`}render(){let e=this.error?o`<div class="error" role="alert" data-test="form-error">${this.error}</div>`:"";switch(this.phase){case"shown":return o`${e}${this.renderCodes()}`;case"confirm":return o`${e}
          <p role="alert">${this.t("book.revoke_confirm",{name:this.person.name})}</p>
          <div class="actions">
            <button type="button" data-test="book-cancel" data-focus @click=${()=>this.phase=this.asked}>
              ${this.t("common.cancel")}
            </button>
            <button type="button" class="danger primary" data-test="book-revoke-confirm" @click=${this.revoke}>
              ${this.t("book.revoke")}
            </button>
          </div>`;case"revoked":return o`<p aria-live="polite" data-test="book-revoked">
            ${this.t("book.revoked",{name:this.person.name})}
          </p>
          <div class="actions">
            <button type="button" class="primary" data-test="book-close" data-focus @click=${this.close}>
              ${this.t("common.close")}
            </button>
          </div>`;default:return o`${e}${this.renderForm()}`}}};customElements.define("hk-code-book",Ot);var Ft=class extends p{static{this.properties={api:{attribute:!1},person:{attribute:!1},doors:{attribute:!1},phase:{state:!0},result:{state:!0},error:{state:!0}}}constructor(){super(),this.doors=[],this.phase="confirm",this.result={},this.error=""}static{this.styles=[f,c`
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
    `]}get affected(){let t=this.person.locks;return t===null?this.doors:this.doors.filter(e=>t.includes(e.entity_id))}async run(){this.phase="running",this.error="";try{this.result=(await this.api.offboard(this.person.person_id)).locks,this.phase="done",this.emit("offboarded",this.person.person_id)}catch(t){this.error=m(t),this.phase="confirm"}}renderDoor(t){let e=this.result[t.entity_id]??"pending",r=e!=="removed"&&this.phase==="done"?this.t("offboard.why",{state:this.t(`sync.${t.sync_state}`),pending:t.pending_changes}):"",a=this.phase==="running"?this.t("offboard.removing"):this.t(`removal.${e}`);return o`<li data-test="progress-${t.entity_id}" data-state=${e}>
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
      </div>`}};customElements.define("hk-offboard",Ft);var Nt=class extends p{static{this.properties={api:{attribute:!1},people:{attribute:!1},doors:{attribute:!1},household:{},compact:{type:Boolean},editing:{state:!0},booking:{state:!0},offboarding:{state:!0},error:{state:!0}}}constructor(){super(),this.people=[],this.doors=[],this.household="",this.booking=null,this.compact=!1,this.editing=null,this.offboarding=null,this.error=""}static{this.styles=[f,c`
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
      .codes {
        display: flex;
        flex-wrap: wrap;
        gap: 4px;
      }
    `]}windowSummary(t){let e=[];return t.valid_from&&e.push(this.t("people.from",{when:y(this.hass,t.valid_from)})),t.valid_until&&e.push(this.t("people.until",{when:y(this.hass,t.valid_until)})),e.push(...t.weekly.map(s=>this.weeklySummary(s))),e.join(" · ")||this.t("people.any_time")}weeklySummary(t){let e=V.filter(r=>t.days.includes(r)).map(r=>this.t(`days.${r}`)),s=et(t.start,t.end)?` ${this.t("people.next_day")}`:"";return`${e.join(", ")} ${t.start}–${t.end}${s}`}doorNames(t){return t.locks===null?this.t("people.all_doors"):t.locks.map(s=>this.doors.find(r=>r.entity_id===s)?.name??s).join(", ")||this.t("people.no_doors")}uses(t){return t.max_uses===null?String(t.uses):this.t("people.uses_of",{uses:t.uses,max:t.max_uses})}lastAccess(t){if(!t.last_access)return this.t("people.never");let e=this.doors.find(s=>s.entity_id===t.last_lock)?.name??t.last_lock??"";return this.t("people.last_access",{when:y(this.hass,t.last_access),door:e})}codes(t){let e=[];return t.has_authenticator&&e.push(o`<span class="chip" data-test="has-authenticator">${this.t("people.authenticator")}</span>`),t.has_code_book&&e.push(o`<span class="chip" data-test="has-code-book">${this.t("people.code_book")}</span>`),e.length?o`<span class="codes">${e}</span>`:this.t("people.pin_only")}async toggleSuspend(t){this.error="";try{t.status==="suspended"?await this.api.resume(t.person_id):await this.api.suspend(t.person_id)}catch(e){this.error=m(e)}}renderActions(t){let e=t.status==="suspended";return o`<button data-test="edit-${t.person_id}" @click=${()=>this.editing=t}>
        ${this.t("people.edit")}
      </button>
      <button data-test="book-${t.person_id}" @click=${()=>this.booking=t.person_id}>
        ${this.t("people.code_book")}
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
            <th scope="col">${this.t("people.codes")}</th>
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
              <td>${this.codes(t)}</td>
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
            <dt>${this.t("people.codes")}</dt><dd>${this.codes(t)}</dd>
            <dt>${this.t("people.uses")}</dt><dd>${this.uses(t)}</dd>
            <dt>${this.t("people.last")}</dt><dd>${this.lastAccess(t)}</dd>
          </dl>
          <div class="actions">${this.renderActions(t)}</div>
        </div>`)}
    </div>`}render(){let t=this.editing,e=this.people.find(s=>s.person_id===this.booking)??null;return o`<div class="bar">
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
        ?open=${e!==null}
        .heading=${this.t("book.title",{name:e?.name??""})}
        @closed=${()=>this.booking=null}
      >
        ${e?o`<hk-code-book
              .hass=${this.hass}
              .api=${this.api}
              .person=${e}
              .doors=${this.doors}
              .household=${this.household}
            ></hk-code-book>`:""}
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
      </hk-dialog>`}};customElements.define("hk-people-view",Nt);var F=["doors","people","activity","audit"],be="housekey.household",xe=600,jt=class extends p{constructor(){super();this.api=null;this.unsubscribe=null;this.resize=new ResizeObserver(([e])=>{this.compact=(e?.contentRect.width??xe)<xe});this.queued=new Set;this.narrow=!1,this.households=[],this.entryId="",this.people=[],this.doors=[],this.generation=0,this.translated=!1,this.compact=!1,this.error=""}static{this.properties={narrow:{type:Boolean},route:{attribute:!1},panel:{attribute:!1},households:{state:!0},entryId:{state:!0},people:{state:!0},doors:{state:!0},generation:{state:!0},translated:{state:!0},compact:{state:!0},error:{state:!0}}}static{this.styles=[f,c`
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
    `]}get tab(){let e=this.route?.path.split("/")[1]??"";return F.includes(e)?e:"doors"}connectedCallback(){super.connectedCallback(),this.resize.observe(this),this.api&&this.follow()}disconnectedCallback(){super.disconnectedCallback(),this.resize.disconnect(),this.unfollow()}willUpdate(e){e.has("hass")&&this.hass&&!e.get("hass")&&this.start(),e.has("compact")&&this.toggleAttribute("compact",this.compact)}async start(){try{await this.hass.loadBackendTranslation("panel","housekey")}finally{this.translated=!0}try{this.households=await de(this.hass)}catch(r){this.error=m(r);return}let e=localStorage.getItem(be),s=this.households.find(r=>r.entry_id===e)??this.households[0];s&&await this.choose(s.entry_id)}async choose(e){await this.unfollow(),localStorage.setItem(be,e),this.entryId=e,this.api=new X(this.hass,e),this.people=[],this.doors=[],await Promise.all([this.refresh("people"),this.refresh("doors"),this.follow()])}async follow(){let e=this.api;if(!(!e||this.unsubscribe))try{this.unsubscribe=await e.subscribe(s=>this.pushed(s))}catch(s){this.error=m(s)}}async unfollow(){let e=this.unsubscribe;this.unsubscribe=null;try{await e?.()}catch{}}pushed(e){this.queued.has(e)||(this.queued.add(e),setTimeout(()=>{this.queued.delete(e),this.refresh(e),e==="doors"&&(this.generation+=1)},150))}async refresh(e){let s=this.api;if(s)try{if(e==="people"){let r=await s.people();s===this.api&&(this.people=r)}else{let r=await s.doors();s===this.api&&(this.doors=r)}this.error=""}catch(r){this.error=m(r)}}go(e){let s=`/${this.route?.prefix.replace(/^\//,"")??"housekey"}/${e}`;history.pushState(null,"",s),window.dispatchEvent(new CustomEvent("location-changed",{detail:{replace:!1}}))}tabKey(e){let s=e.key==="ArrowRight"?1:e.key==="ArrowLeft"?-1:0;if(!s)return;let r=F[(F.indexOf(this.tab)+s+F.length)%F.length]??"doors";this.go(r),this.updateComplete.then(()=>this.renderRoot.querySelector(`[data-test="tab-${r}"]`)?.focus())}renderMenu(){return this.narrow?customElements.get("ha-menu-button")?o`<ha-menu-button .hass=${this.hass} .narrow=${this.narrow}></ha-menu-button>`:o`<button
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
          .household=${this.households.find(s=>s.entry_id===this.entryId)?.name??""}
          ?compact=${this.compact}
        ></hk-people-view>`;case"activity":case"audit":{let s=this.tab==="audit"?bt`hk-audit-view`:bt`hk-activity-view`;return ne`<${s}
          .hass=${this.hass}
          .api=${e}
          .people=${this.people}
          .doors=${this.doors}
          .generation=${this.generation}
          ?compact=${this.compact}
        ></${s}>`}default:return o`<hk-doors-view .hass=${this.hass} .api=${e} .doors=${this.doors}></hk-doors-view>`}}render(){return!this.hass||!this.translated?o``:o`<div class="toolbar">
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
        ${F.map(e=>o`<button
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
      </main>`}};customElements.define("housekey-panel",jt);export{jt as HousekeyPanel};
