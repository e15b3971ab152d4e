/** The ⋯ menu of each chat: a button that opens a small role="menu" list; Esc or a click outside closes it. */
export function setUpMenus(onShare: (chatId: string) => void): void {
  const menus = [...document.querySelectorAll<HTMLElement>('.menu')];
  const closeAll = (except?: HTMLElement) => {
    for (const menu of menus) {
      if (menu === except) continue;
      menu.querySelector('.menu-button')?.setAttribute('aria-expanded', 'false');
      menu.querySelector<HTMLElement>('.menu-items')?.setAttribute('hidden', '');
    }
  };
  for (const menu of menus) {
    const button = menu.querySelector<HTMLButtonElement>('.menu-button');
    const items = menu.querySelector<HTMLElement>('.menu-items');
    if (!button || !items) continue;
    button.addEventListener('click', () => {
      const opening = items.hidden;
      closeAll(menu);
      items.hidden = !opening;
      button.setAttribute('aria-expanded', String(opening));
      if (opening) items.querySelector<HTMLElement>('[role="menuitem"]')?.focus();
    });
    menu.querySelector('[data-action="share"]')?.addEventListener('click', () => {
      closeAll();
      onShare(menu.dataset.chatId ?? '');
    });
    menu.addEventListener('keydown', (event) => {
      if (event.key === 'Escape' && !items.hidden) {
        closeAll();
        button.focus();
      }
    });
  }
  document.addEventListener('click', (event) => {
    if (!(event.target instanceof Node) || !menus.some((m) => m.contains(event.target as Node))) closeAll();
  });
}
