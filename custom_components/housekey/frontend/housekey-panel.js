var F=globalThis,B=F.ShadowRoot&&(F.ShadyCSS===void 0||F.ShadyCSS.nativeShadow)&&"adoptedStyleSheets"in Document.prototype&&"replace"in CSSStyleSheet.prototype,Q=Symbol(),St=new WeakMap,R=class{constructor(t,e,s){if(this._$cssResult$=!0,s!==Q)throw Error("CSSResult is not constructable. Use `unsafeCSS` or `css` instead.");this.cssText=t,this.t=e}get styleSheet(){let t=this.o,e=this.t;if(B&&t===void 0){let s=e!==void 0&&e.length===1;s&&(t=St.get(e)),t===void 0&&((this.o=t=new CSSStyleSheet).replaceSync(this.cssText),s&&St.set(e,t))}return t}toString(){return this.cssText}},V=r=>new R(typeof r=="string"?r:r+"",void 0,Q),c=(r,...t)=>{let e=r.length===1?r[0]:t.reduce((s,o,a)=>s+(n=>{if(n._$cssResult$===!0)return n.cssText;if(typeof n=="number")return n;throw Error("Value passed to 'css' function must be a 'css' function result: "+n+". Use 'unsafeCSS' to pass non-literal values, but take care to ensure page security.")})(o)+r[a+1],r[0]);return new R(e,r,Q)},Et=(r,t)=>{if(B)r.adoptedStyleSheets=t.map(e=>e instanceof CSSStyleSheet?e:e.styleSheet);else for(let e of t){let s=document.createElement("style"),o=F.litNonce;o!==void 0&&s.setAttribute("nonce",o),s.textContent=e.cssText,r.appendChild(s)}},X=B?r=>r:r=>r instanceof CSSStyleSheet?(t=>{let e="";for(let s of t.cssRules)e+=s.cssText;return V(e)})(r):r;var{is:ee,defineProperty:se,getOwnPropertyDescriptor:oe,getOwnPropertyNames:re,getOwnPropertySymbols:ie,getPrototypeOf:ae}=Object,q=globalThis,Pt=q.trustedTypes,ne=Pt?Pt.emptyScript:"",le=q.reactiveElementPolyfillSupport,H=(r,t)=>r,tt={toAttribute(r,t){switch(t){case Boolean:r=r?ne:null;break;case Object:case Array:r=r==null?r:JSON.stringify(r)}return r},fromAttribute(r,t){let e=r;switch(t){case Boolean:e=r!==null;break;case Number:e=r===null?null:Number(r);break;case Object:case Array:try{e=JSON.parse(r)}catch{e=null}}return e}},Tt=(r,t)=>!ee(r,t),Ct={attribute:!0,type:String,converter:tt,reflect:!1,useDefault:!1,hasChanged:Tt};Symbol.metadata??=Symbol("metadata"),q.litPropertyMetadata??=new WeakMap;var b=class extends HTMLElement{static addInitializer(t){this._$Ei(),(this.l??=[]).push(t)}static get observedAttributes(){return this.finalize(),this._$Eh&&[...this._$Eh.keys()]}static createProperty(t,e=Ct){if(e.state&&(e.attribute=!1),this._$Ei(),this.prototype.hasOwnProperty(t)&&((e=Object.create(e)).wrapped=!0),this.elementProperties.set(t,e),!e.noAccessor){let s=Symbol(),o=this.getPropertyDescriptor(t,s,e);o!==void 0&&se(this.prototype,t,o)}}static getPropertyDescriptor(t,e,s){let{get:o,set:a}=oe(this.prototype,t)??{get(){return this[e]},set(n){this[e]=n}};return{get:o,set(n){let d=o?.call(this);a?.call(this,n),this.requestUpdate(t,d,s)},configurable:!0,enumerable:!0}}static getPropertyOptions(t){return this.elementProperties.get(t)??Ct}static _$Ei(){if(this.hasOwnProperty(H("elementProperties")))return;let t=ae(this);t.finalize(),t.l!==void 0&&(this.l=[...t.l]),this.elementProperties=new Map(t.elementProperties)}static finalize(){if(this.hasOwnProperty(H("finalized")))return;if(this.finalized=!0,this._$Ei(),this.hasOwnProperty(H("properties"))){let e=this.properties,s=[...re(e),...ie(e)];for(let o of s)this.createProperty(o,e[o])}let t=this[Symbol.metadata];if(t!==null){let e=litPropertyMetadata.get(t);if(e!==void 0)for(let[s,o]of e)this.elementProperties.set(s,o)}this._$Eh=new Map;for(let[e,s]of this.elementProperties){let o=this._$Eu(e,s);o!==void 0&&this._$Eh.set(o,e)}this.elementStyles=this.finalizeStyles(this.styles)}static finalizeStyles(t){let e=[];if(Array.isArray(t)){let s=new Set(t.flat(1/0).reverse());for(let o of s)e.unshift(X(o))}else t!==void 0&&e.push(X(t));return e}static _$Eu(t,e){let s=e.attribute;return s===!1?void 0:typeof s=="string"?s:typeof t=="string"?t.toLowerCase():void 0}constructor(){super(),this._$Ep=void 0,this.isUpdatePending=!1,this.hasUpdated=!1,this._$Em=null,this._$Ev()}_$Ev(){this._$ES=new Promise(t=>this.enableUpdating=t),this._$AL=new Map,this._$E_(),this.requestUpdate(),this.constructor.l?.forEach(t=>t(this))}addController(t){(this._$EO??=new Set).add(t),this.renderRoot!==void 0&&this.isConnected&&t.hostConnected?.()}removeController(t){this._$EO?.delete(t)}_$E_(){let t=new Map,e=this.constructor.elementProperties;for(let s of e.keys())this.hasOwnProperty(s)&&(t.set(s,this[s]),delete this[s]);t.size>0&&(this._$Ep=t)}createRenderRoot(){let t=this.shadowRoot??this.attachShadow(this.constructor.shadowRootOptions);return Et(t,this.constructor.elementStyles),t}connectedCallback(){this.renderRoot??=this.createRenderRoot(),this.enableUpdating(!0),this._$EO?.forEach(t=>t.hostConnected?.())}enableUpdating(t){}disconnectedCallback(){this._$EO?.forEach(t=>t.hostDisconnected?.())}attributeChangedCallback(t,e,s){this._$AK(t,s)}_$ET(t,e){let s=this.constructor.elementProperties.get(t),o=this.constructor._$Eu(t,s);if(o!==void 0&&s.reflect===!0){let a=(s.converter?.toAttribute!==void 0?s.converter:tt).toAttribute(e,s.type);this._$Em=t,a==null?this.removeAttribute(o):this.setAttribute(o,a),this._$Em=null}}_$AK(t,e){let s=this.constructor,o=s._$Eh.get(t);if(o!==void 0&&this._$Em!==o){let a=s.getPropertyOptions(o),n=typeof a.converter=="function"?{fromAttribute:a.converter}:a.converter?.fromAttribute!==void 0?a.converter:tt;this._$Em=o;let d=n.fromAttribute(e,a.type);this[o]=d??this._$Ej?.get(o)??d,this._$Em=null}}requestUpdate(t,e,s,o=!1,a){if(t!==void 0){let n=this.constructor;if(o===!1&&(a=this[t]),s??=n.getPropertyOptions(t),!((s.hasChanged??Tt)(a,e)||s.useDefault&&s.reflect&&a===this._$Ej?.get(t)&&!this.hasAttribute(n._$Eu(t,s))))return;this.C(t,e,s)}this.isUpdatePending===!1&&(this._$ES=this._$EP())}C(t,e,{useDefault:s,reflect:o,wrapped:a},n){s&&!(this._$Ej??=new Map).has(t)&&(this._$Ej.set(t,n??e??this[t]),a!==!0||n!==void 0)||(this._$AL.has(t)||(this.hasUpdated||s||(e=void 0),this._$AL.set(t,e)),o===!0&&this._$Em!==t&&(this._$Eq??=new Set).add(t))}async _$EP(){this.isUpdatePending=!0;try{await this._$ES}catch(e){Promise.reject(e)}let t=this.scheduleUpdate();return t!=null&&await t,!this.isUpdatePending}scheduleUpdate(){return this.performUpdate()}performUpdate(){if(!this.isUpdatePending)return;if(!this.hasUpdated){if(this.renderRoot??=this.createRenderRoot(),this._$Ep){for(let[o,a]of this._$Ep)this[o]=a;this._$Ep=void 0}let s=this.constructor.elementProperties;if(s.size>0)for(let[o,a]of s){let{wrapped:n}=a,d=this[o];n!==!0||this._$AL.has(o)||d===void 0||this.C(o,void 0,a,d)}}let t=!1,e=this._$AL;try{t=this.shouldUpdate(e),t?(this.willUpdate(e),this._$EO?.forEach(s=>s.hostUpdate?.()),this.update(e)):this._$EM()}catch(s){throw t=!1,this._$EM(),s}t&&this._$AE(e)}willUpdate(t){}_$AE(t){this._$EO?.forEach(e=>e.hostUpdated?.()),this.hasUpdated||(this.hasUpdated=!0,this.firstUpdated(t)),this.updated(t)}_$EM(){this._$AL=new Map,this.isUpdatePending=!1}get updateComplete(){return this.getUpdateComplete()}getUpdateComplete(){return this._$ES}shouldUpdate(t){return!0}update(t){this._$Eq&&=this._$Eq.forEach(e=>this._$ET(e,this[e])),this._$EM()}updated(t){}firstUpdated(t){}};b.elementStyles=[],b.shadowRootOptions={mode:"open"},b[H("elementProperties")]=new Map,b[H("finalized")]=new Map,le?.({ReactiveElement:b}),(q.reactiveElementVersions??=[]).push("2.1.2");var nt=globalThis,Dt=r=>r,K=nt.trustedTypes,Mt=K?K.createPolicy("lit-html",{createHTML:r=>r}):void 0,Nt="$lit$",_=`lit$${Math.random().toFixed(9).slice(2)}$`,Lt="?"+_,de=`<${Lt}>`,E=document,U=()=>E.createComment(""),z=r=>r===null||typeof r!="object"&&typeof r!="function",lt=Array.isArray,ce=r=>lt(r)||typeof r?.[Symbol.iterator]=="function",et=`[ 	
\f\r]`,O=/<(?:(!--|\/[^a-zA-Z])|(\/?[a-zA-Z][^>\s]*)|(\/?$))/g,Rt=/-->/g,Ht=/>/g,A=RegExp(`>|${et}(?:([^\\s"'>=/]+)(${et}*=${et}*(?:[^ 	
\f\r"'\`<>=]|("|')|))|$)`,"g"),Ot=/'/g,Ut=/"/g,It=/^(?:script|style|textarea|title)$/i,dt=r=>(t,...e)=>({_$litType$:r,strings:t,values:e}),i=dt(1),Se=dt(2),Ee=dt(3),P=Symbol.for("lit-noChange"),g=Symbol.for("lit-nothing"),zt=new WeakMap,S=E.createTreeWalker(E,129);function jt(r,t){if(!lt(r)||!r.hasOwnProperty("raw"))throw Error("invalid template strings array");return Mt!==void 0?Mt.createHTML(t):t}var he=(r,t)=>{let e=r.length-1,s=[],o,a=t===2?"<svg>":t===3?"<math>":"",n=O;for(let d=0;d<e;d++){let l=r[d],f,v,p=-1,y=0;for(;y<l.length&&(n.lastIndex=y,v=n.exec(l),v!==null);)y=n.lastIndex,n===O?v[1]==="!--"?n=Rt:v[1]!==void 0?n=Ht:v[2]!==void 0?(It.test(v[2])&&(o=RegExp("</"+v[2],"g")),n=A):v[3]!==void 0&&(n=A):n===A?v[0]===">"?(n=o??O,p=-1):v[1]===void 0?p=-2:(p=n.lastIndex-v[2].length,f=v[1],n=v[3]===void 0?A:v[3]==='"'?Ut:Ot):n===Ut||n===Ot?n=A:n===Rt||n===Ht?n=O:(n=A,o=void 0);let x=n===A&&r[d+1].startsWith("/>")?" ":"";a+=n===O?l+de:p>=0?(s.push(f),l.slice(0,p)+Nt+l.slice(p)+_+x):l+_+(p===-2?d:x)}return[jt(r,a+(r[e]||"<?>")+(t===2?"</svg>":t===3?"</math>":"")),s]},N=class r{constructor({strings:t,_$litType$:e},s){let o;this.parts=[];let a=0,n=0,d=t.length-1,l=this.parts,[f,v]=he(t,e);if(this.el=r.createElement(f,s),S.currentNode=this.el.content,e===2||e===3){let p=this.el.content.firstChild;p.replaceWith(...p.childNodes)}for(;(o=S.nextNode())!==null&&l.length<d;){if(o.nodeType===1){if(o.hasAttributes())for(let p of o.getAttributeNames())if(p.endsWith(Nt)){let y=v[n++],x=o.getAttribute(p).split(_),W=/([.?@])?(.*)/.exec(y);l.push({type:1,index:a,name:W[2],strings:x,ctor:W[1]==="."?ot:W[1]==="?"?rt:W[1]==="@"?it:T}),o.removeAttribute(p)}else p.startsWith(_)&&(l.push({type:6,index:a}),o.removeAttribute(p));if(It.test(o.tagName)){let p=o.textContent.split(_),y=p.length-1;if(y>0){o.textContent=K?K.emptyScript:"";for(let x=0;x<y;x++)o.append(p[x],U()),S.nextNode(),l.push({type:2,index:++a});o.append(p[y],U())}}}else if(o.nodeType===8)if(o.data===Lt)l.push({type:2,index:a});else{let p=-1;for(;(p=o.data.indexOf(_,p+1))!==-1;)l.push({type:7,index:a}),p+=_.length-1}a++}}static createElement(t,e){let s=E.createElement("template");return s.innerHTML=t,s}};function C(r,t,e=r,s){if(t===P)return t;let o=s!==void 0?e._$Co?.[s]:e._$Cl,a=z(t)?void 0:t._$litDirective$;return o?.constructor!==a&&(o?._$AO?.(!1),a===void 0?o=void 0:(o=new a(r),o._$AT(r,e,s)),s!==void 0?(e._$Co??=[])[s]=o:e._$Cl=o),o!==void 0&&(t=C(r,o._$AS(r,t.values),o,s)),t}var st=class{constructor(t,e){this._$AV=[],this._$AN=void 0,this._$AD=t,this._$AM=e}get parentNode(){return this._$AM.parentNode}get _$AU(){return this._$AM._$AU}u(t){let{el:{content:e},parts:s}=this._$AD,o=(t?.creationScope??E).importNode(e,!0);S.currentNode=o;let a=S.nextNode(),n=0,d=0,l=s[0];for(;l!==void 0;){if(n===l.index){let f;l.type===2?f=new L(a,a.nextSibling,this,t):l.type===1?f=new l.ctor(a,l.name,l.strings,this,t):l.type===6&&(f=new at(a,this,t)),this._$AV.push(f),l=s[++d]}n!==l?.index&&(a=S.nextNode(),n++)}return S.currentNode=E,o}p(t){let e=0;for(let s of this._$AV)s!==void 0&&(s.strings!==void 0?(s._$AI(t,s,e),e+=s.strings.length-2):s._$AI(t[e])),e++}},L=class r{get _$AU(){return this._$AM?._$AU??this._$Cv}constructor(t,e,s,o){this.type=2,this._$AH=g,this._$AN=void 0,this._$AA=t,this._$AB=e,this._$AM=s,this.options=o,this._$Cv=o?.isConnected??!0}get parentNode(){let t=this._$AA.parentNode,e=this._$AM;return e!==void 0&&t?.nodeType===11&&(t=e.parentNode),t}get startNode(){return this._$AA}get endNode(){return this._$AB}_$AI(t,e=this){t=C(this,t,e),z(t)?t===g||t==null||t===""?(this._$AH!==g&&this._$AR(),this._$AH=g):t!==this._$AH&&t!==P&&this._(t):t._$litType$!==void 0?this.$(t):t.nodeType!==void 0?this.T(t):ce(t)?this.k(t):this._(t)}O(t){return this._$AA.parentNode.insertBefore(t,this._$AB)}T(t){this._$AH!==t&&(this._$AR(),this._$AH=this.O(t))}_(t){this._$AH!==g&&z(this._$AH)?this._$AA.nextSibling.data=t:this.T(E.createTextNode(t)),this._$AH=t}$(t){let{values:e,_$litType$:s}=t,o=typeof s=="number"?this._$AC(t):(s.el===void 0&&(s.el=N.createElement(jt(s.h,s.h[0]),this.options)),s);if(this._$AH?._$AD===o)this._$AH.p(e);else{let a=new st(o,this),n=a.u(this.options);a.p(e),this.T(n),this._$AH=a}}_$AC(t){let e=zt.get(t.strings);return e===void 0&&zt.set(t.strings,e=new N(t)),e}k(t){lt(this._$AH)||(this._$AH=[],this._$AR());let e=this._$AH,s,o=0;for(let a of t)o===e.length?e.push(s=new r(this.O(U()),this.O(U()),this,this.options)):s=e[o],s._$AI(a),o++;o<e.length&&(this._$AR(s&&s._$AB.nextSibling,o),e.length=o)}_$AR(t=this._$AA.nextSibling,e){for(this._$AP?.(!1,!0,e);t!==this._$AB;){let s=Dt(t).nextSibling;Dt(t).remove(),t=s}}setConnected(t){this._$AM===void 0&&(this._$Cv=t,this._$AP?.(t))}},T=class{get tagName(){return this.element.tagName}get _$AU(){return this._$AM._$AU}constructor(t,e,s,o,a){this.type=1,this._$AH=g,this._$AN=void 0,this.element=t,this.name=e,this._$AM=o,this.options=a,s.length>2||s[0]!==""||s[1]!==""?(this._$AH=Array(s.length-1).fill(new String),this.strings=s):this._$AH=g}_$AI(t,e=this,s,o){let a=this.strings,n=!1;if(a===void 0)t=C(this,t,e,0),n=!z(t)||t!==this._$AH&&t!==P,n&&(this._$AH=t);else{let d=t,l,f;for(t=a[0],l=0;l<a.length-1;l++)f=C(this,d[s+l],e,l),f===P&&(f=this._$AH[l]),n||=!z(f)||f!==this._$AH[l],f===g?t=g:t!==g&&(t+=(f??"")+a[l+1]),this._$AH[l]=f}n&&!o&&this.j(t)}j(t){t===g?this.element.removeAttribute(this.name):this.element.setAttribute(this.name,t??"")}},ot=class extends T{constructor(){super(...arguments),this.type=3}j(t){this.element[this.name]=t===g?void 0:t}},rt=class extends T{constructor(){super(...arguments),this.type=4}j(t){this.element.toggleAttribute(this.name,!!t&&t!==g)}},it=class extends T{constructor(t,e,s,o,a){super(t,e,s,o,a),this.type=5}_$AI(t,e=this){if((t=C(this,t,e,0)??g)===P)return;let s=this._$AH,o=t===g&&s!==g||t.capture!==s.capture||t.once!==s.once||t.passive!==s.passive,a=t!==g&&(s===g||o);o&&this.element.removeEventListener(this.name,this,s),a&&this.element.addEventListener(this.name,this,t),this._$AH=t}handleEvent(t){typeof this._$AH=="function"?this._$AH.call(this.options?.host??this.element,t):this._$AH.handleEvent(t)}},at=class{constructor(t,e,s){this.element=t,this.type=6,this._$AN=void 0,this._$AM=e,this.options=s}get _$AU(){return this._$AM._$AU}_$AI(t){C(this,t)}};var pe=nt.litHtmlPolyfillSupport;pe?.(N,L),(nt.litHtmlVersions??=[]).push("3.3.3");var Wt=(r,t,e)=>{let s=e?.renderBefore??t,o=s._$litPart$;if(o===void 0){let a=e?.renderBefore??null;s._$litPart$=o=new L(t.insertBefore(U(),a),a,void 0,e??{})}return o._$AI(r),o};var ct=globalThis,k=class extends b{constructor(){super(...arguments),this.renderOptions={host:this},this._$Do=void 0}createRenderRoot(){let t=super.createRenderRoot();return this.renderOptions.renderBefore??=t.firstChild,t}update(t){let e=this.render();this.hasUpdated||(this.renderOptions.isConnected=this.isConnected),super.update(t),this._$Do=Wt(e,this.renderRoot,this.renderOptions)}connectedCallback(){super.connectedCallback(),this._$Do?.setConnected(!0)}disconnectedCallback(){super.disconnectedCallback(),this._$Do?.setConnected(!1)}render(){return P}};k._$litElement$=!0,k.finalized=!0,ct.litElementHydrateSupport?.({LitElement:k});var ue=ct.litElementPolyfillSupport;ue?.({LitElement:k});(ct.litElementVersions??=[]).push("4.2.2");function u(r){if(typeof r=="object"&&r!==null&&"message"in r){let t=r.message;if(typeof t=="string"&&t)return t}return String(r)}function Ft(r){return r.callWS({type:"housekey/households"})}var Y=class{constructor(t,e){this.hass=t;this.entryId=e}call(t,e={}){return this.hass.callWS({type:`housekey/${t}`,entry_id:this.entryId,...e})}people(){return this.call("people")}doors(){return this.call("doors")}activity(t){return this.call("activity",t)}subscribe(t){return this.hass.connection.subscribeMessage(e=>t(e.type),{type:"housekey/subscribe",entry_id:this.entryId})}add(t){return this.call("person/add",t)}update(t,e){return this.call("person/update",{person:t,...e})}setPin(t,e){return this.call("person/set_pin",e===void 0?{person:t}:{person:t,pin:e})}revealPin(t){return this.call("person/reveal_pin",{person:t})}suspend(t){return this.call("person/suspend",{person:t})}resume(t){return this.call("person/resume",{person:t})}offboard(t){return this.call("person/offboard",{person:t})}enrolAuthenticator(t){return this.call("person/enrol_authenticator",{person:t})}removeAuthenticator(t){return this.call("person/remove_authenticator",{person:t})}issueCodeBook(t,e){return this.call("person/issue_code_book",{person:t,...e})}revokeCodeBook(t){return this.call("person/revoke_code_book",{person:t})}clearForeign(t,e){return this.call("door/clear_foreign",e?{lock:t,slots:e}:{lock:t})}adoptForeign(t,e,s){return this.call("door/adopt_foreign",{lock:t,slot:e,...s})}};var me="component.housekey.panel.";function Bt(r,t,e){let s=r?.localize(me+t,e);if(s)return s;let o=(t.split(".").pop()??t).replaceAll("_"," ");o=o.charAt(0).toUpperCase()+o.slice(1);for(let[a,n]of Object.entries(e??{}))o+=` ${a}: ${n}`;return o}var h=class extends k{static{this.properties={hass:{attribute:!1}}}t(t,e){return Bt(this.hass,t,e)}async copyText(t,e){try{return await navigator.clipboard.writeText(t),!0}catch{let s=this.renderRoot.querySelector(e);return s&&getSelection()?.selectAllChildren(s),!1}}emit(t,e){this.dispatchEvent(new CustomEvent(t,{detail:e,bubbles:!0,composed:!0}))}};function qt(r){return r.locale?.language??r.language??"en"}function $(r,t){if(!t)return"";let e=new Date(t);return Number.isNaN(e.getTime())?t:new Intl.DateTimeFormat(qt(r),{dateStyle:"medium",timeStyle:"short",timeZone:r.config.time_zone}).format(e)}function D(r,t){if(!t)return"";let e=new Date(t);if(Number.isNaN(e.getTime()))return"";let s=Object.fromEntries(new Intl.DateTimeFormat("en-CA",{timeZone:r.config.time_zone,year:"numeric",month:"2-digit",day:"2-digit",hour:"2-digit",minute:"2-digit",hourCycle:"h23"}).formatToParts(e).map(o=>[o.type,o.value]));return`${s.year}-${s.month}-${s.day}T${s.hour}:${s.minute}`}function I(r){return D(r,new Date().toISOString()).slice(0,10)}function Kt(r){return`${I(r)}T00:00`}function pt(r,t){let[e,s,o]=r.split("-").map(Number);return new Date(Date.UTC(e??0,(s??1)-1,(o??1)+t)).toISOString().slice(0,10)}function ht(r,t,e){return new Intl.DateTimeFormat(qt(r),{...e,timeZone:r.config.time_zone}).format(new Date(t))}var Vt={weekday:"short",day:"numeric",month:"short",year:"numeric"};function Z(r,t,e){let[s="",o=""]=D(r,t).split("T"),[a="",n=""]=D(r,e).split("T"),d=ht(r,t,Vt);if(n==="00:00"&&a===pt(s,1))return o==="00:00"?{key:"book.window_all_day",values:{date:d}}:{key:"book.window_day",values:{date:d,start:o,end:"24:00"}};if(a===s)return{key:"book.window_day",values:{date:d,start:o,end:n}};let l={...Vt,hour:"2-digit",minute:"2-digit",hourCycle:"h23"};return{key:"book.window_span",values:{start:ht(r,t,l),end:ht(r,e,l)}}}function G(r,t){return!!(r&&t)&&t<=r}var m=c`
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
`;function w(r){return["active","in_sync","granted","removed"].includes(r)?"good":["failed","unreachable","denied","expired","offboarded"].includes(r)?"bad":["pending","syncing","suspended","scheduled","used_up"].includes(r)?"warn":""}var fe=["today","week","month","all","custom"],Yt=864e5,ut=class extends h{constructor(){super();this.asked=0;this.people=[],this.doors=[],this.compact=!1,this.generation=0,this.rows=[],this.loading=!1,this.error="",this.person="",this.door="",this.outcome="",this.period="week",this.from="",this.to=""}static{this.properties={api:{attribute:!1},people:{attribute:!1},doors:{attribute:!1},compact:{type:Boolean},generation:{type:Number},rows:{state:!0},loading:{state:!0},error:{state:!0},person:{state:!0},door:{state:!0},outcome:{state:!0},period:{state:!0},from:{state:!0},to:{state:!0}}}static{this.styles=[m,c`
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
    `]}filter(){let e={};this.person&&(e.person=this.person),this.door&&(e.lock=this.door),this.outcome&&(e.outcome=this.outcome);let s=Date.now();return this.period==="today"&&(e.start=Kt(this.hass)),this.period==="week"&&(e.start=new Date(s-7*Yt).toISOString()),this.period==="month"&&(e.start=new Date(s-30*Yt).toISOString()),this.period==="custom"&&(this.from&&(e.start=this.from),this.to&&(e.end=this.to)),e}willUpdate(e){let s=["api","generation","person","door","outcome","period","from","to"];this.api&&s.some(o=>e.has(o))&&this.load()}async load(){let e=++this.asked;this.loading=!0;try{let s=await this.api.activity(this.filter());if(e!==this.asked)return;this.rows=s,this.error=""}catch(s){e===this.asked&&(this.error=u(s))}finally{e===this.asked&&(this.loading=!1)}}doorName(e){return this.doors.find(s=>s.entity_id===e)?.name??e}who(e){return e.person_name??this.t("activity.unknown_person")}select(e,s,o,a,n){return i`<label class="field"
      >${s}
      <select data-test=${e} @change=${d=>n(d.target.value)}>
        ${a.map(([d,l])=>i`<option value=${d} ?selected=${d===o}>${l}</option>`)}
      </select></label
    >`}renderFilters(){let e=[["",this.t("activity.everyone")]],s=[["",this.t("activity.every_door")]];return i`<div class="filters" role="search">
      ${this.select("filter-person",this.t("activity.person"),this.person,e.concat(this.people.map(o=>[o.person_id,o.name])),o=>this.person=o)}
      ${this.select("filter-door",this.t("activity.door"),this.door,s.concat(this.doors.map(o=>[o.entity_id,o.name])),o=>this.door=o)}
      ${this.select("filter-outcome",this.t("activity.outcome"),this.outcome,[["",this.t("activity.any_outcome")],["granted",this.t("outcome.granted")],["denied",this.t("outcome.denied")]],o=>this.outcome=o)}
      ${this.select("filter-period",this.t("activity.period"),this.period,fe.map(o=>[o,this.t(`period.${o}`)]),o=>this.period=o)}
      ${this.period==="custom"?i`<label class="field"
              >${this.t("activity.from")}
              <input
                type="datetime-local"
                data-test="filter-from"
                .value=${this.from}
                @change=${o=>this.from=o.target.value}
            /></label>
            <label class="field"
              >${this.t("activity.to")}
              <input
                type="datetime-local"
                data-test="filter-to"
                .value=${this.to}
                @change=${o=>this.to=o.target.value}
            /></label>`:""}
    </div>`}attrs(e){return{person:e.person_id??"",door:e.lock,outcome:e.outcome}}outcomeChip(e){return i`<span class="chip ${w(e.outcome)}">${this.t(`outcome.${e.outcome}`)}</span>`}renderRows(){return this.compact?i`<div class="cards">
        ${this.rows.map(e=>{let s=this.attrs(e);return i`<div class="card" data-test="activity-row" data-person=${s.person} data-door=${s.door} data-outcome=${s.outcome}>
            <div class="row"><strong>${this.who(e)}</strong><span class="spacer"></span>${this.outcomeChip(e)}</div>
            <span>${this.doorName(e.lock)} · ${this.t(`method.${e.method}`)}</span>
            <span class="muted">${$(this.hass,e.time)}</span>
          </div>`})}
      </div>`:i`<div class="card table">
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
          ${this.rows.map(e=>{let s=this.attrs(e);return i`<tr data-test="activity-row" data-person=${s.person} data-door=${s.door} data-outcome=${s.outcome}>
              <td>${$(this.hass,e.time)}</td>
              <td>${this.who(e)}</td>
              <td>${this.doorName(e.lock)}</td>
              <td>${this.outcomeChip(e)}</td>
              <td>${this.t(`method.${e.method}`)}</td>
            </tr>`})}
        </tbody>
      </table>
    </div>`}render(){return i`<h2>${this.t("activity.title")}</h2>
      ${this.renderFilters()}
      ${this.error?i`<div class="error" role="alert">${this.error}</div>`:""}
      ${this.rows.length?this.renderRows():i`<div class="card empty" aria-live="polite">
            ${this.loading?this.t("common.loading"):this.t("activity.empty")}
          </div>`}`}};customElements.define("hk-activity-view",ut);var Zt="button, input, select, textarea, a[href], [tabindex]:not([tabindex='-1'])";function ge(){let r=document.activeElement;for(;r?.shadowRoot?.activeElement;)r=r.shadowRoot.activeElement;return r instanceof HTMLElement?r:null}var mt=class extends h{constructor(){super();this.returnFocus=null;this.open=!1,this.heading="",this.wide=!1}static{this.properties={open:{type:Boolean},heading:{},wide:{type:Boolean}}}static{this.styles=[m,c`
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
    `]}get dialog(){return this.renderRoot.querySelector("dialog")}updated(e){let s=this.dialog;!e.has("open")||!s||(this.open&&!s.open?(this.returnFocus=ge(),s.showModal(),this.focusFirst()):!this.open&&s.open&&s.close())}async focusFirst(){let e=this.renderRoot.querySelector("slot")?.assignedElements({flatten:!0})??[];for(let s of e){s instanceof h&&await s.updateComplete;let o=s.shadowRoot??s,a=o.querySelector("[autofocus]")??(s.matches(Zt)?s:null)??o.querySelector(Zt);if(a){a.focus();return}}}onCancel(e){e.preventDefault(),this.emit("closed")}onClose(){this.returnFocus?.focus(),this.returnFocus=null,this.open&&this.emit("closed")}render(){return i`<dialog
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
    </dialog>`}};customElements.define("hk-dialog",mt);var j=["mon","tue","wed","thu","fri","sat","sun"],Gt=["resident","guest","service","admin"];var ft=class extends h{static{this.properties={api:{attribute:!1},person:{attribute:!1},enrolled:{state:!0},phase:{state:!0},enrolment:{state:!0},copied:{state:!0},error:{state:!0}}}constructor(){super(),this.enrolled=!1,this.phase="idle",this.enrolment=null,this.copied="",this.error=""}static{this.styles=[m,c`
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
    `]}willUpdate(t){t.has("person")&&(this.enrolled=this.person.has_authenticator,this.phase="idle",this.enrolment=null)}updated(t){if(t.has("phase")){let e=this.renderRoot.querySelector("[data-focus]");e?.focus({preventScroll:!0}),this.phase!=="shown"&&e?.scrollIntoView({block:"nearest"})}}async enrol(){this.phase="working",this.error="";try{this.enrolment=await this.api.enrolAuthenticator(this.person.person_id),this.enrolled=!0,this.copied="",this.phase="shown"}catch(t){this.error=u(t),this.phase="idle"}}async unenrol(){this.phase="working",this.error="";try{await this.api.removeAuthenticator(this.person.person_id),this.enrolled=!1}catch(t){this.error=u(t)}this.phase="idle"}async copy(t){let e=this.enrolment?.[t]??"";await this.copyText(e,`[data-test='otp-${t}']`)&&(this.copied=t)}shownLoaded(){this.scrollIntoView({block:"start"})}dismiss(){this.enrolment=null,this.phase="idle"}renderShown(t){let e=this.person.name;return i`<p>${this.t("authenticator.scan",{name:e})}</p>
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
            >${ve(t.secret).map(s=>i`<span>${s}</span>`)}</code
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
      </div>`}renderQuestion(t){let e=this.person.name;return i`<p role="alert">
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
      </div>`}renderIdle(){let t=this.phase==="working";return i`<p class="row">
        <span class="chip ${this.enrolled?"good":""}" data-test="otp-state"
          >${this.enrolled?this.t("authenticator.enrolled"):this.t("authenticator.not_enrolled")}</span
        >
      </p>
      <p class="hint">
        ${this.enrolled?this.t("authenticator.enrolled_hint"):this.t("authenticator.not_enrolled_hint")}
      </p>
      <div class="actions">
        ${this.enrolled?i`<button
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
              </button>`:i`<button type="button" data-test="otp-enrol" ?disabled=${t} @click=${this.enrol}>
              ${t?this.t("common.saving"):this.t("authenticator.enrol")}
            </button>`}
      </div>`}render(){let t=this.error?i`<div class="error" role="alert" data-test="otp-error">${this.error}</div>`:"";return this.phase==="shown"&&this.enrolment?i`${t}${this.renderShown(this.enrolment)}`:this.phase==="confirm-enrol"||this.phase==="confirm-remove"?i`${t}${this.renderQuestion(this.phase==="confirm-remove")}`:i`${t}${this.renderIdle()}`}};function ve(r){return r.match(/.{1,4}/g)??[r]}customElements.define("hk-authenticator",ft);var gt=class extends h{static{this.properties={windows:{attribute:!1}}}constructor(){super(),this.windows=[]}static{this.styles=[m,c`
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
    `]}change(t){this.windows=t,this.emit("windows-changed",t)}edit(t,e){this.change(this.windows.map((s,o)=>o===t?{...s,...e}:s))}toggle(t,e){let s=this.windows[t]?.days??[],o=s.includes(e)?s.filter(a=>a!==e):[...s,e];this.edit(t,{days:j.filter(a=>o.includes(a))})}add(){let t=["mon","tue","wed","thu","fri"];this.change([...this.windows,{days:t,start:"09:00",end:"17:00"}])}removeWindow(t){this.change(this.windows.filter((e,s)=>s!==t))}renderWindow(t,e){let s=this.t("weekly.window",{number:e+1});return i`<fieldset class="window" data-test="window-${e}">
      <legend class="sr-only">${s}</legend>
      <div class="days" role="group" aria-label=${this.t("weekly.days")}>
        ${j.map(o=>i`<button
              type="button"
              class="day"
              data-test="day-${o}${e?`-${e}`:""}"
              aria-pressed=${t.days.includes(o)?"true":"false"}
              @click=${()=>this.toggle(e,o)}
            >
              ${this.t(`days.${o}`)}
            </button>`)}
      </div>
      <div class="times">
        <label class="field"
          >${this.t("weekly.start")}
          <input
            type="time"
            data-test="window-${e}-start"
            .value=${t.start}
            @change=${o=>this.edit(e,{start:o.target.value})}
        /></label>
        <label class="field"
          >${this.t("weekly.end")}
          <input
            type="time"
            data-test="window-${e}-end"
            .value=${t.end}
            @change=${o=>this.edit(e,{end:o.target.value})}
        /></label>
        ${G(t.start,t.end)?i`<span class="overnight" data-test="window-${e}-overnight"
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
      ${t.days.length?"":i`<span class="error">${this.t("weekly.no_days")}</span>`}
    </fieldset>`}render(){return i`${this.windows.length?this.windows.map((t,e)=>this.renderWindow(t,e)):i`<p class="muted none">${this.t("weekly.any_time")}</p>`}
      <button type="button" data-test="window-add" @click=${this.add}>
        ${this.t("weekly.add")}
      </button>`}};customElements.define("hk-weekly-editor",gt);var vt=class extends h{static{this.properties={api:{attribute:!1},person:{attribute:!1},doors:{attribute:!1},adopt:{attribute:!1},error:{state:!0},saving:{state:!0},shownPin:{state:!0},copied:{state:!0},revealed:{state:!0},draft:{state:!0}}}constructor(){super(),this.person=null,this.doors=[],this.adopt=null,this.error="",this.saving=!1,this.shownPin="",this.copied=!1,this.revealed="",this.draft=Jt()}static{this.styles=[m,c`
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
    `]}willUpdate(t){(t.has("person")||t.has("adopt"))&&(this.draft=this.person?$e(this.hass,this.person):Jt(this.adopt),this.error="",this.shownPin="",this.copied=!1,this.revealed="")}set(t){this.draft={...this.draft,...t}}value(t){return t.target.value}toggleDoor(t,e){let s=new Set(this.draft.doors);e?s.add(t):s.delete(t),this.set({doors:[...s]})}fields(){let t=this.draft,e=this.person?null:void 0,s={name:t.name,role:t.role,weekly:t.weekly},o={locks:t.allDoors?e:t.doors,valid_from:t.validFrom||e,valid_until:t.validUntil||e,max_uses:t.maxUses?Number(t.maxUses):e};for(let[a,n]of Object.entries(o))n!==void 0&&Object.assign(s,{[a]:n});return t.duress&&(s.duress_pin=t.duress),s}async save(t){if(t.preventDefault(),this.saving)return;this.saving=!0,this.error="";let e=this.draft;try{let s=this.fields(),o;this.person?(o=await this.api.update(this.person.person_id,s),e.pinMode!=="keep"&&(o=await this.api.setPin(o.person_id,e.pinMode==="type"?e.pin:void 0))):(e.pinMode==="type"&&(s.pin=e.pin),o=this.adopt?await this.api.adoptForeign(this.adopt.lock,this.adopt.slot,s):await this.api.add(s)),o.pin?this.shownPin=o.pin:this.emit("saved",o)}catch(s){this.error=u(s)}finally{this.saving=!1}}async reveal(){if(this.person){this.error="";try{this.revealed=(await this.api.revealPin(this.person.person_id)).pin}catch(t){this.error=u(t)}}}async copy(){this.copied=await this.copyText(this.shownPin,"[data-test='generated-pin']")}done(){this.shownPin="",this.emit("saved",{})}renderPinShown(){return i`<div class="column">
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
    </div>`}renderPin(){let t=this.draft,e=this.person?["keep","generate","type"]:["generate","type"];return i`<fieldset>
      <legend>${this.t("editor.pin")}</legend>
      ${e.map(s=>i`<label class="check"
            ><input
              type="radio"
              name="pin-mode"
              data-test="field-pin-${s}"
              .checked=${t.pinMode===s}
              @change=${()=>this.set({pinMode:s})}
            />${this.t(`editor.pin_${s}`)}</label
          >`)}
      ${this.person?i`<div class="row">
            ${this.revealed?i`<span class="chip" data-test="revealed-pin">${this.revealed}</span>`:i`<button type="button" data-test="reveal-pin" @click=${this.reveal}>
                  ${this.t("editor.reveal")}
                </button>`}
            <span class="hint">${this.t("editor.reveal_hint")}</span>
          </div>`:""}
      ${t.pinMode==="type"?i`<label class="field"
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
    </fieldset>`}renderDoors(){let t=this.draft;return i`<fieldset>
      <legend>${this.t("editor.doors")}</legend>
      <label class="check"
        ><input
          type="checkbox"
          data-test="field-all-doors"
          .checked=${t.allDoors}
          @change=${e=>this.set({allDoors:e.target.checked})}
        />${this.t("editor.all_doors")}</label
      >
      ${this.doors.map(e=>i`<label class="check"
            ><input
              type="checkbox"
              data-test="field-door-${e.entity_id}"
              .checked=${t.allDoors||t.doors.includes(e.entity_id)}
              ?disabled=${t.allDoors}
              @change=${s=>this.toggleDoor(e.entity_id,s.target.checked)}
            />${e.name}</label
          >`)}
    </fieldset>`}render(){if(this.shownPin)return this.renderPinShown();let t=this.draft;return i`<form @submit=${this.save} novalidate>
      ${this.error?i`<div class="error" role="alert" data-test="form-error">${this.error}</div>`:""}
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
            ${Gt.map(e=>i`<option value=${e} ?selected=${t.role===e}>
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
        ${this.person?i`<hk-authenticator .hass=${this.hass} .api=${this.api} .person=${this.person}></hk-authenticator>`:i`<span class="hint">${this.t("authenticator.after_saving")}</span>`}
      </fieldset>
      <div class="actions">
        <button type="button" data-test="cancel" @click=${()=>this.emit("cancelled")}>
          ${this.t("common.cancel")}
        </button>
        <button type="submit" class="primary" data-test="save" ?disabled=${this.saving}>
          ${this.saving?this.t("common.saving"):this.t("common.save")}
        </button>
      </div>
    </form>`}};function Jt(r=null){return{name:"",role:"resident",allDoors:r===null,doors:r?[r.lock]:[],validFrom:"",validUntil:"",maxUses:"",weekly:[],pinMode:"generate",pin:"",duress:""}}function $e(r,t){return{name:t.name,role:t.role,allDoors:t.locks===null,doors:t.locks??[],validFrom:D(r,t.valid_from),validUntil:D(r,t.valid_until),maxUses:t.max_uses===null?"":String(t.max_uses),weekly:t.weekly.map(e=>({...e,days:[...e.days]})),pinMode:"keep",pin:"",duress:""}}customElements.define("hk-person-editor",vt);var ye=["authentication","management","audit"],be={pass:"✓",warn:"!",fail:"✕"},$t=class extends h{static{this.properties={readiness:{attribute:!1}}}static{this.styles=c`
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
  `}reason(t){let e=this.readiness.reasons[t];return this.t(`readiness.reason.${e}`,{count:this.readiness.hours_by_home_assistant})}when(t,e,s){return t?this.t(e,{when:$(this.hass,t)}):this.t(s)}facts(){let t=this.readiness,e=[this.when(t.last_confirmed,"readiness.confirmed","readiness.never_confirmed"),this.when(t.last_report,"readiness.last_report","readiness.no_report")];return t.methods.length&&e.splice(1,0,this.t("readiness.reports",{methods:t.methods.map(s=>this.t(`method.${s}`)).join(", ")})),e}render(){let t=this.readiness;return i`<h4>${this.t("readiness.title")}</h4>
      ${ye.map(e=>{let s=t.verdicts[e];return i`<div class="line" data-test="readiness-${e}" data-verdict=${s} data-reason=${t.reasons[e]}>
          <span class="icon ${s}" role="img" aria-label=${this.t(`readiness.verdict.${s}`)}>${be[s]}</span>
          <span class="check">${this.t(`readiness.${e}`)}</span>
          <span>${this.reason(e)}</span>
        </div>`})}
      <div class="facts">${this.facts().join(" · ")}</div>`}};customElements.define("hk-readiness",$t);var yt=class extends h{static{this.properties={api:{attribute:!1},doors:{attribute:!1},adopting:{state:!0},clearing:{state:!0},clearSlots:{state:!0},error:{state:!0},busy:{state:!0}}}constructor(){super(),this.doors=[],this.adopting=null,this.clearing=null,this.error="",this.busy=!1}static{this.styles=[m,c`
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
    `]}lastAccess(t){let e=t.last_access;return e?this.t("doors.last_access",{when:$(this.hass,e.at),name:e.person_name??this.t("doors.unknown_person"),outcome:this.t(`outcome.${e.outcome}`),method:this.t(`method.${e.method}`)}):this.t("doors.never")}async clear(){let t=this.clearing;if(t){this.busy=!0,this.error="";try{await this.api.clearForeign(t.entity_id,this.clearSlots),this.clearing=null}catch(e){this.error=u(e)}finally{this.busy=!1}}}shownAlerts(t){return t.alerts.filter(e=>!(e==="foreign_code"&&t.foreign.length))}askClear(t,e){this.error="",this.clearSlots=e,this.clearing=t}renderForeign(t){if(!t.foreign_slots)return"";let e=t.foreign;return i`<div class="foreign-list" data-test="foreign-${t.entity_id}">
      <span class="alert">${this.t("doors.foreign_found",{count:t.foreign_slots})}</span>
      ${e.map(s=>i`<div class="row" data-test="foreign-slot" data-slot=${s}>
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
    </div>`}renderDoor(t){return i`<section class="card" data-test="door" data-door=${t.entity_id} aria-label=${t.name}>
      <div class="row">
        <h3>${t.name}</h3>
        <span class="spacer"></span>
        <span class="chip ${w(t.sync_state)}" data-test="sync-state">${this.t(`sync.${t.sync_state}`)}</span>
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
        ${t.pending_changes?i`<span class="chip warn">${this.t("doors.pending",{count:t.pending_changes})}</span>`:i`<span class="muted">${this.t("doors.nothing_pending")}</span>`}
      </div>
      <div class="muted" data-test="enforcement" data-mode=${t.enforcement}>
        ${this.t(`doors.enforcement_${t.enforcement}`)}
        ${t.fallback.length?i`<div class="alert">${this.t("doors.fallback",{count:t.fallback.length})}</div>`:""}
      </div>
      <div class="muted">${this.lastAccess(t)}</div>
      ${this.shownAlerts(t).map(e=>i`<div class="alert" role="status" data-test="alert-${e}">${this.t(`alert.${e}`)}</div>`)}
      ${this.renderForeign(t)}
      <hk-readiness .hass=${this.hass} .readiness=${t.readiness} data-test="readiness"></hk-readiness>
    </section>`}render(){let t=this.clearing;return i`<h2>${this.t("doors.title")}</h2>
      ${this.error&&!t?i`<div class="error" role="alert">${this.error}</div>`:""}
      ${this.doors.length?i`<div class="grid">${this.doors.map(e=>this.renderDoor(e))}</div>`:i`<div class="card empty">${this.t("doors.empty")}</div>`}
      <hk-dialog
        .hass=${this.hass}
        wide
        ?open=${this.adopting!==null}
        .heading=${this.t("doors.adopt_title")}
        @closed=${()=>this.adopting=null}
      >
        ${this.adopting?i`<hk-person-editor
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
        ${t?i`<div>
              <p>
                ${this.clearSlots?this.t("doors.clear_slot_confirm",{slot:this.clearSlots.join(", "),name:t.name}):this.t("doors.clear_confirm",{count:t.foreign_slots,name:t.name})}
              </p>
              ${this.error?i`<div class="error" role="alert">${this.error}</div>`:""}
              <div class="actions">
                <button data-test="cancel" autofocus @click=${()=>this.clearing=null}>
                  ${this.t("common.cancel")}
                </button>
                <button class="danger primary" data-test="clear-confirm" ?disabled=${this.busy} @click=${this.clear}>
                  ${this.t("doors.clear")}
                </button>
              </div>
            </div>`:""}
      </hk-dialog>`}};customElements.define("hk-doors-view",yt);var wt="hk-code-sheet",we=31,J=c`
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
    body > :not(${V(wt)}) {
      display: none !important;
    }
  }
`.styleSheet,bt=class extends h{static{this.properties={household:{},person:{},doors:{attribute:!1},codes:{attribute:!1}}}constructor(){super(),this.household="",this.person="",this.doors=[],this.codes=[]}static{this.styles=c`
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
  `}connectedCallback(){super.connectedCallback(),J&&!document.adoptedStyleSheets.includes(J)&&(document.adoptedStyleSheets=[...document.adoptedStyleSheets,J])}disconnectedCallback(){super.disconnectedCallback(),document.adoptedStyleSheets=document.adoptedStyleSheets.filter(t=>t!==J)}render(){let t=new Date().toISOString();return i`<div class=${this.codes.length>we?"dense":""}>
      <h1>${this.household}</h1>
      <h2>${this.t("book.sheet_title",{name:this.person})}</h2>
      <dl>
        <dt>${this.t("book.sheet_doors")}</dt>
        <dd>${this.doors.join(", ")}</dd>
        <dt>${this.t("book.sheet_zone")}</dt>
        <dd>${this.hass.config.time_zone}</dd>
        <dt>${this.t("book.sheet_printed")}</dt>
        <dd>${$(this.hass,t)}</dd>
      </dl>
      <ol>
        ${this.codes.map((e,s)=>{let o=Z(this.hass,e.valid_from,e.valid_until);return i`<li>
            <span class="number">${s+1}</span>
            <span class="code">${e.code}</span>
            <span>${this.t(o.key,o.values)}</span>
          </li>`})}
      </ol>
      <p>${this.t("book.sheet_note")}</p>
    </div>`}};customElements.define(wt,bt);function Qt(){let r=document.createElement(wt);return document.body.append(r),r}var xt=class extends h{constructor(){super();this.sheet=null;this.asked="form";this.doors=[],this.household="",this.phase="form",this.from="",this.length="4",this.unit="weeks",this.codes=[],this.error=""}static{this.properties={api:{attribute:!1},person:{attribute:!1},doors:{attribute:!1},household:{},phase:{state:!0},from:{state:!0},length:{state:!0},unit:{state:!0},codes:{state:!0},error:{state:!0}}}static{this.styles=[m,c`
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
    `]}willUpdate(){!this.from&&this.hass&&(this.from=I(this.hass))}updated(e){e.has("phase")&&this.renderRoot.querySelector("[data-focus]")?.focus(),this.followSheet()}disconnectedCallback(){super.disconnectedCallback(),this.dropSheet()}followSheet(){if(this.phase!=="shown"){this.dropSheet();return}let e=this.sheet??=Qt();e.hass=this.hass,e.household=this.household,e.person=this.person.name,e.doors=this.doorNames(),e.codes=this.codes}dropSheet(){this.sheet?.remove(),this.sheet=null}doorNames(){let e=this.person.locks;return(e===null?this.doors:this.doors.filter(o=>e.includes(o.entity_id))).map(o=>o.name)}period(){let e=Number(this.length)*(this.unit==="weeks"?7:1),s=`${pt(this.from,Number.isFinite(e)?e:0)}T00:00`;return this.from===I(this.hass)?{until:s}:{from:`${this.from}T00:00`,until:s}}async issue(e){e.preventDefault(),this.phase="working",this.error="";try{this.codes=(await this.api.issueCodeBook(this.person.person_id,this.period())).codes,this.phase="shown"}catch(s){this.error=u(s),this.phase="form"}}async revoke(){this.error="";try{await this.api.revokeCodeBook(this.person.person_id),this.codes=[],this.phase="revoked"}catch(e){this.error=u(e),this.phase=this.asked}}ask(){this.asked=this.phase,this.phase="confirm"}close(){this.codes=[],this.emit("closed")}renderForm(){let e=this.person.has_code_book,s=this.phase==="working";return i`<p>${this.t("book.intro",{name:this.person.name})}</p>
      <p class="row">
        <span class="chip ${e?"good":""}" data-test="book-state"
          >${e?this.t("book.active"):this.t("book.none")}</span
        >
        ${e?i`<span class="hint">${this.t("book.reprint_hint")}</span>`:""}
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
              min=${I(this.hass)}
              .value=${this.from}
              @change=${o=>this.from=o.target.value}
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
                @input=${o=>this.length=o.target.value}
              />
              <select
                data-test="book-unit"
                aria-label=${this.t("book.unit")}
                @change=${o=>this.unit=o.target.value}
              >
                ${["days","weeks"].map(o=>i`<option value=${o} ?selected=${this.unit===o}>${this.t(`book.${o}`)}</option>`)}
              </select>
            </div></label
          >
        </div>
        <p class="hint">${this.t("book.zone",{zone:this.hass.config.time_zone})}</p>
        <div class="actions">
          ${e?i`<button type="button" class="danger" data-test="book-revoke" @click=${this.ask}>
                ${this.t("book.revoke")}
              </button>`:""}
          <span class="spacer"></span>
          <button type="button" data-test="book-close" @click=${this.close}>${this.t("common.cancel")}</button>
          <button type="submit" class="primary" data-test="book-issue" ?disabled=${s}>
            ${s?this.t("book.issuing"):e?this.t("book.reissue"):this.t("book.issue")}
          </button>
        </div>
      </form>`}renderCodes(){return i`<p aria-live="polite" data-test="book-summary">
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
            ${this.codes.map((e,s)=>{let o=Z(this.hass,e.valid_from,e.valid_until);return i`<tr data-test="book-row">
                <td class="number">${s+1}</td>
                <td class="code" data-test="book-code">${e.code}</td>
                <td data-test="book-window">${this.t(o.key,o.values)}</td>
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
      </div>`}render(){let e=this.error?i`<div class="error" role="alert" data-test="form-error">${this.error}</div>`:"";switch(this.phase){case"shown":return i`${e}${this.renderCodes()}`;case"confirm":return i`${e}
          <p role="alert">${this.t("book.revoke_confirm",{name:this.person.name})}</p>
          <div class="actions">
            <button type="button" data-test="book-cancel" data-focus @click=${()=>this.phase=this.asked}>
              ${this.t("common.cancel")}
            </button>
            <button type="button" class="danger primary" data-test="book-revoke-confirm" @click=${this.revoke}>
              ${this.t("book.revoke")}
            </button>
          </div>`;case"revoked":return i`<p aria-live="polite" data-test="book-revoked">
            ${this.t("book.revoked",{name:this.person.name})}
          </p>
          <div class="actions">
            <button type="button" class="primary" data-test="book-close" data-focus @click=${this.close}>
              ${this.t("common.close")}
            </button>
          </div>`;default:return i`${e}${this.renderForm()}`}}};customElements.define("hk-code-book",xt);var _t=class extends h{static{this.properties={api:{attribute:!1},person:{attribute:!1},doors:{attribute:!1},phase:{state:!0},result:{state:!0},error:{state:!0}}}constructor(){super(),this.doors=[],this.phase="confirm",this.result={},this.error=""}static{this.styles=[m,c`
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
    `]}get affected(){let t=this.person.locks;return t===null?this.doors:this.doors.filter(e=>t.includes(e.entity_id))}async run(){this.phase="running",this.error="";try{this.result=(await this.api.offboard(this.person.person_id)).locks,this.phase="done",this.emit("offboarded",this.person.person_id)}catch(t){this.error=u(t),this.phase="confirm"}}renderDoor(t){let e=this.result[t.entity_id]??"pending",o=e!=="removed"&&this.phase==="done"?this.t("offboard.why",{state:this.t(`sync.${t.sync_state}`),pending:t.pending_changes}):"",a=this.phase==="running"?this.t("offboard.removing"):this.t(`removal.${e}`);return i`<li data-test="progress-${t.entity_id}" data-state=${e}>
      <strong>${t.name}</strong>
      <span class="spacer"></span>
      ${this.phase==="running"?i`<span class="chip ${w(t.sync_state)}">${this.t(`sync.${t.sync_state}`)}</span>`:""}
      <span class="chip ${this.phase==="running"?"warn":w(e)}">${a}</span>
      ${o?i`<span class="why">${o}</span>`:""}
    </li>`}render(){let t=this.person.name,e=this.affected.filter(s=>this.result[s.entity_id]!=="removed");return i`${this.phase==="confirm"?i`<p>${this.t("offboard.confirm",{name:t})}</p>`:this.phase==="running"?i`<p aria-live="polite">${this.t("offboard.running",{name:t})}</p>`:i`<p aria-live="polite" data-test="offboard-summary">
              ${e.length?this.t("offboard.still_pending",{count:e.length}):this.t("offboard.done",{name:t})}
            </p>`}
      ${this.error?i`<div class="error" role="alert" data-test="form-error">${this.error}</div>`:""}
      ${this.phase==="confirm"?"":i`<ul>${this.affected.map(s=>this.renderDoor(s))}</ul>`}
      <div class="actions">
        ${this.phase==="confirm"?i`<button data-test="cancel" autofocus @click=${()=>this.emit("cancelled")}>
                ${this.t("common.cancel")}
              </button>
              <button class="danger primary" data-test="offboard-confirm" @click=${this.run}>
                ${this.t("offboard.action")}
              </button>`:i`<button
              class="primary"
              data-test="offboard-close"
              ?disabled=${this.phase==="running"}
              @click=${()=>this.emit("cancelled")}
            >
              ${this.t("common.close")}
            </button>`}
      </div>`}};customElements.define("hk-offboard",_t);var kt=class extends h{static{this.properties={api:{attribute:!1},people:{attribute:!1},doors:{attribute:!1},household:{},compact:{type:Boolean},editing:{state:!0},booking:{state:!0},offboarding:{state:!0},error:{state:!0}}}constructor(){super(),this.people=[],this.doors=[],this.household="",this.booking=null,this.compact=!1,this.editing=null,this.offboarding=null,this.error=""}static{this.styles=[m,c`
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
    `]}windowSummary(t){let e=[];return t.valid_from&&e.push(this.t("people.from",{when:$(this.hass,t.valid_from)})),t.valid_until&&e.push(this.t("people.until",{when:$(this.hass,t.valid_until)})),e.push(...t.weekly.map(s=>this.weeklySummary(s))),e.join(" · ")||this.t("people.any_time")}weeklySummary(t){let e=j.filter(o=>t.days.includes(o)).map(o=>this.t(`days.${o}`)),s=G(t.start,t.end)?` ${this.t("people.next_day")}`:"";return`${e.join(", ")} ${t.start}–${t.end}${s}`}doorNames(t){return t.locks===null?this.t("people.all_doors"):t.locks.map(s=>this.doors.find(o=>o.entity_id===s)?.name??s).join(", ")||this.t("people.no_doors")}uses(t){return t.max_uses===null?String(t.uses):this.t("people.uses_of",{uses:t.uses,max:t.max_uses})}lastAccess(t){if(!t.last_access)return this.t("people.never");let e=this.doors.find(s=>s.entity_id===t.last_lock)?.name??t.last_lock??"";return this.t("people.last_access",{when:$(this.hass,t.last_access),door:e})}codes(t){let e=[];return t.has_authenticator&&e.push(i`<span class="chip" data-test="has-authenticator">${this.t("people.authenticator")}</span>`),t.has_code_book&&e.push(i`<span class="chip" data-test="has-code-book">${this.t("people.code_book")}</span>`),e.length?i`<span class="codes">${e}</span>`:this.t("people.pin_only")}async toggleSuspend(t){this.error="";try{t.status==="suspended"?await this.api.resume(t.person_id):await this.api.suspend(t.person_id)}catch(e){this.error=u(e)}}renderActions(t){let e=t.status==="suspended";return i`<button data-test="edit-${t.person_id}" @click=${()=>this.editing=t}>
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
      </button>`}status(t){return i`<span class="chip ${w(t.status)}" data-test="status">${this.t(`status.${t.status}`)}</span>`}renderTable(){return i`<div class="card table">
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
          ${this.people.map(t=>i`<tr data-test="person-row" data-person=${t.person_id}>
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
    </div>`}renderCards(){return i`<div class="cards">
      ${this.people.map(t=>i`<div class="card" data-test="person-row" data-person=${t.person_id}>
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
    </div>`}render(){let t=this.editing,e=this.people.find(s=>s.person_id===this.booking)??null;return i`<div class="bar">
        <h2>${this.t("people.title")}</h2>
        <span class="spacer"></span>
        <button class="primary" data-test="add-person" @click=${()=>this.editing="new"}>
          ${this.t("people.add")}
        </button>
      </div>
      ${this.error?i`<div class="error" role="alert">${this.error}</div>`:""}
      ${this.people.length===0?i`<div class="card empty">${this.t("people.empty")}</div>`:this.compact?this.renderCards():this.renderTable()}
      <hk-dialog
        .hass=${this.hass}
        wide
        ?open=${t!==null}
        .heading=${t==="new"||t===null?this.t("editor.add_title"):this.t("editor.edit_title",{name:t.name})}
        @closed=${()=>this.editing=null}
      >
        ${t===null?"":i`<hk-person-editor
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
        ${e?i`<hk-code-book
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
        ${this.offboarding?i`<hk-offboard
              .hass=${this.hass}
              .api=${this.api}
              .person=${this.offboarding}
              .doors=${this.doors}
              @cancelled=${()=>this.offboarding=null}
            ></hk-offboard>`:""}
      </hk-dialog>`}};customElements.define("hk-people-view",kt);var M=["doors","people","activity"],Xt="housekey.household",te=600,At=class extends h{constructor(){super();this.api=null;this.unsubscribe=null;this.resize=new ResizeObserver(([e])=>{this.compact=(e?.contentRect.width??te)<te});this.queued=new Set;this.narrow=!1,this.households=[],this.entryId="",this.people=[],this.doors=[],this.generation=0,this.translated=!1,this.compact=!1,this.error=""}static{this.properties={narrow:{type:Boolean},route:{attribute:!1},panel:{attribute:!1},households:{state:!0},entryId:{state:!0},people:{state:!0},doors:{state:!0},generation:{state:!0},translated:{state:!0},compact:{state:!0},error:{state:!0}}}static{this.styles=[m,c`
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
    `]}get tab(){let e=this.route?.path.split("/")[1]??"";return M.includes(e)?e:"doors"}connectedCallback(){super.connectedCallback(),this.resize.observe(this),this.api&&this.follow()}disconnectedCallback(){super.disconnectedCallback(),this.resize.disconnect(),this.unfollow()}willUpdate(e){e.has("hass")&&this.hass&&!e.get("hass")&&this.start(),e.has("compact")&&this.toggleAttribute("compact",this.compact)}async start(){try{await this.hass.loadBackendTranslation("panel","housekey")}finally{this.translated=!0}try{this.households=await Ft(this.hass)}catch(o){this.error=u(o);return}let e=localStorage.getItem(Xt),s=this.households.find(o=>o.entry_id===e)??this.households[0];s&&await this.choose(s.entry_id)}async choose(e){await this.unfollow(),localStorage.setItem(Xt,e),this.entryId=e,this.api=new Y(this.hass,e),this.people=[],this.doors=[],await Promise.all([this.refresh("people"),this.refresh("doors"),this.follow()])}async follow(){let e=this.api;if(!(!e||this.unsubscribe))try{this.unsubscribe=await e.subscribe(s=>this.pushed(s))}catch(s){this.error=u(s)}}async unfollow(){let e=this.unsubscribe;this.unsubscribe=null;try{await e?.()}catch{}}pushed(e){this.queued.has(e)||(this.queued.add(e),setTimeout(()=>{this.queued.delete(e),this.refresh(e),e==="doors"&&(this.generation+=1)},150))}async refresh(e){let s=this.api;if(s)try{if(e==="people"){let o=await s.people();s===this.api&&(this.people=o)}else{let o=await s.doors();s===this.api&&(this.doors=o)}this.error=""}catch(o){this.error=u(o)}}go(e){let s=`/${this.route?.prefix.replace(/^\//,"")??"housekey"}/${e}`;history.pushState(null,"",s),window.dispatchEvent(new CustomEvent("location-changed",{detail:{replace:!1}}))}tabKey(e){let s=e.key==="ArrowRight"?1:e.key==="ArrowLeft"?-1:0;if(!s)return;let o=M[(M.indexOf(this.tab)+s+M.length)%M.length]??"doors";this.go(o),this.updateComplete.then(()=>this.renderRoot.querySelector(`[data-test="tab-${o}"]`)?.focus())}renderMenu(){return this.narrow?customElements.get("ha-menu-button")?i`<ha-menu-button .hass=${this.hass} .narrow=${this.narrow}></ha-menu-button>`:i`<button
      class="menu"
      aria-label=${this.t("common.menu")}
      @click=${()=>this.emit("hass-toggle-menu")}
    >
      ☰
    </button>`:""}renderTab(){let e=this.api;if(!e)return i`<div class="card empty">${this.t("common.no_household")}</div>`;switch(this.tab){case"people":return i`<hk-people-view
          .hass=${this.hass}
          .api=${e}
          .people=${this.people}
          .doors=${this.doors}
          .household=${this.households.find(s=>s.entry_id===this.entryId)?.name??""}
          ?compact=${this.compact}
        ></hk-people-view>`;case"activity":return i`<hk-activity-view
          .hass=${this.hass}
          .api=${e}
          .people=${this.people}
          .doors=${this.doors}
          .generation=${this.generation}
          ?compact=${this.compact}
        ></hk-activity-view>`;default:return i`<hk-doors-view .hass=${this.hass} .api=${e} .doors=${this.doors}></hk-doors-view>`}}render(){return!this.hass||!this.translated?i``:i`<div class="toolbar">
        ${this.renderMenu()}
        <div class="title">${this.t("title")}</div>
        ${this.households.length>1?i`<label class="sr-only" for="household">${this.t("common.household")}</label>
              <select
                id="household"
                data-test="household"
                @change=${e=>this.choose(e.target.value)}
              >
                ${this.households.map(e=>i`<option value=${e.entry_id} ?selected=${e.entry_id===this.entryId}>
                      ${e.name}
                    </option>`)}
              </select>`:""}
      </div>
      <div role="tablist" aria-label=${this.t("title")} @keydown=${this.tabKey}>
        ${M.map(e=>i`<button
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
        ${this.error?i`<div class="error" role="alert">${this.error}</div>`:""}
        ${this.renderTab()}
      </main>`}};customElements.define("housekey-panel",At);export{At as HousekeyPanel};
