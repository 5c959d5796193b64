/**
 * Privacy (issue 14), the administrators' side in Teams: `slett person` / `erase person` erases what
 * a person wrote (erase-verbs.ts). The work itself is the core's (src/privacy: retention, erasure;
 * src/audit: the audit log); like the network feature, its strings are the core catalog's.
 */
import type { Feature } from '../../app/feature.js';
import { ERASE_VERBS } from './erase-verbs.js';

export const privacyFeature: Feature = {
  name: 'privacy',
  verbs: ERASE_VERBS,
  commands: [
    {
      // Administrators only, in a personal chat; not in the manifest's command list (it is full).
      name: 'erase',
      words: ['slett person', 'erase person', 'slett personopplysninger', 'erase personal data'],
      run: { verb: 'privacy.eraseStart' },
    },
  ],
  help: {
    commands: [
      {
        command: 'erase',
        key: 'help.commands.erase',
        audience: (w) => w.isAdmin && w.scope === 'personal',
        order: 110,
      },
    ],
  },
};
