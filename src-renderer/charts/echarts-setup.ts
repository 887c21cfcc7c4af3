import { use } from 'echarts/core';
import { BarChart, CustomChart, LineChart } from 'echarts/charts';
import { GridComponent, LegendComponent, MarkLineComponent, TooltipComponent } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';

/**
 * ECharts, imported piece by piece: only the charts and components Wharf draws with end up
 * in the bundle. Import this module (for its effect) before creating a chart; `use` is
 * idempotent, so every chart component may import it.
 */
use([CustomChart, BarChart, LineChart, GridComponent, TooltipComponent, LegendComponent, MarkLineComponent, CanvasRenderer]);

export { init, type EChartsType } from 'echarts/core';
