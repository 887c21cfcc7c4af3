import type { GlobalThemeOverrides } from 'naive-ui';
import { FONT_MONO, FONT_SIZE, FRAME_COLOURS } from './tokens';
import { FONT_UI } from './tokens';
import { stateColour, type ThemeName } from './states';

/**
 * Naive UI's themes bent towards a calm, dense operator tool: 13px type, small controls,
 * tight table rows, the frame's greys, and Naive's semantic colours mapped onto Wharf's
 * states (success = healthy, info = in progress, warning = degraded, error = failed).
 */
export function naiveOverrides(theme: ThemeName): GlobalThemeOverrides {
  const c = FRAME_COLOURS[theme];
  const healthy = stateColour('healthy', theme);
  const progress = stateColour('progress', theme);
  const degraded = stateColour('degraded', theme);
  const failed = stateColour('failed', theme);
  return {
    common: {
      fontFamily: FONT_UI,
      fontFamilyMono: FONT_MONO,
      fontSize: FONT_SIZE,
      fontSizeMini: '11px',
      fontSizeTiny: '11px',
      fontSizeSmall: '12px',
      fontSizeMedium: FONT_SIZE,
      fontSizeLarge: '14px',
      heightMini: '18px',
      heightTiny: '20px',
      heightSmall: '24px',
      heightMedium: '28px',
      heightLarge: '32px',
      borderRadius: '4px',
      borderRadiusSmall: '3px',
      lineHeight: '1.45',
      primaryColor: c.accent,
      primaryColorHover: c.accent,
      primaryColorPressed: c.accent,
      primaryColorSuppl: c.accent,
      successColor: healthy,
      successColorHover: healthy,
      successColorPressed: healthy,
      successColorSuppl: healthy,
      infoColor: progress,
      infoColorHover: progress,
      infoColorPressed: progress,
      infoColorSuppl: progress,
      warningColor: degraded,
      warningColorHover: degraded,
      warningColorPressed: degraded,
      warningColorSuppl: degraded,
      errorColor: failed,
      errorColorHover: failed,
      errorColorPressed: failed,
      errorColorSuppl: failed,
      bodyColor: c.bg,
      cardColor: c.raised,
      modalColor: c.raised,
      popoverColor: c.raised,
      tableColor: c.bg,
      tableHeaderColor: c.surface,
      tableColorHover: c.hover,
      inputColor: c.raised,
      borderColor: c.border,
      dividerColor: c.border,
      textColorBase: c.text,
      textColor1: c.text,
      textColor2: c.text,
      textColor3: c.muted,
      placeholderColor: c.faint,
      hoverColor: c.hover,
    },
    DataTable: {
      thPaddingSmall: '4px 8px',
      tdPaddingSmall: '3px 8px',
      thPaddingMedium: '5px 10px',
      tdPaddingMedium: '4px 10px',
      thFontWeight: '600',
      // The sort arrow marks the sorted column; a shaded column only adds noise.
      thColorSorting: c.surface,
      tdColorSorting: c.raised,
      thColorSortingModal: c.surface,
      tdColorSortingModal: c.raised,
      thColorSortingPopover: c.surface,
      tdColorSortingPopover: c.raised,
    },
    Tabs: {
      tabPaddingSmallLine: '4px 0',
      tabGapSmallLine: '18px',
      tabFontWeightActive: '600',
    },
    // Fields keep a visible edge in both themes (Naive's dark fields are borderless fills).
    Input: { border: `1px solid ${c.border}` },
    InternalSelection: { border: `1px solid ${c.border}` },
    Tooltip: { padding: '4px 8px' },
    Tag: { heightSmall: '18px', fontSizeSmall: '11px', padding: '0 6px' },
  };
}
