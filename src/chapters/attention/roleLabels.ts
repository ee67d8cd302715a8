// The measured head roles in words, in the engine's order (attentionMaps' roleNames; pages import only its types).
import type { RoleName } from '../../workers/handlers/attentionMaps';

export const roleLabels: Record<RoleName, string> = {
  previous: 'previous token',
  same: 'same token',
  first: 'first token',
  lineStart: 'line start',
  induction: 'induction',
};

export const roleNames = Object.keys(roleLabels) as RoleName[];
