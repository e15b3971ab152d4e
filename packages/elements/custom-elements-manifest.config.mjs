/**
 * `cem analyze` reads the JSDoc API blocks of the components (and the tag names from the registering entries) and
 * writes custom-elements.json at build time (it is not committed). Internal state (`_x` reactive state, `#private`
 * and protected members, members marked `@internal`) is left out: it is not API.
 */
function publicApiOnly() {
  return {
    name: 'chatshare-public-api-only',
    packageLinkPhase({ customElementsManifest }) {
      for (const mod of customElementsManifest.modules) {
        const exported = new Set((mod.exports ?? []).map((e) => e.declaration?.name ?? e.name));
        mod.declarations = (mod.declarations ?? []).filter((d) => d.kind === 'class' || exported.has(d.name));
        for (const d of mod.declarations) {
          if (d.members) d.members = d.members.filter((m) => m.privacy !== 'private' && m.privacy !== 'protected' && !m.name.startsWith('#') && !m.name.startsWith('_'));
          if (d.attributes) d.attributes = d.attributes.filter((a) => !a.name.startsWith('_'));
        }
      }
    },
  };
}

export default {
  globs: ['src/shared/chatshare-element.ts', 'src/**/*.component.ts', 'src/share-chat-modal/share-chat-modal.ts', 'src/shared-chat-viewer/shared-chat-viewer.ts', 'src/shared-links-manager/shared-links-manager.ts'],
  outdir: '.',
  litelement: true,
  dev: false,
  plugins: [publicApiOnly()],
};
