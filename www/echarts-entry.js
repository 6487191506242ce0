// The ECharts the app loads: only the charts, components and renderers it uses, bundled by
// xtask/hooks/echarts.mjs (esbuild) into dist/echarts.min.js as the `echarts` global that
// src/charts/ binds to. The full build is 327 KB gzip; this is about half.
// A chart type or component added to src/charts/option.rs must be added here too (the e2e tests
// draw every view and fail on an ECharts error).
import * as echarts from 'echarts/core';
import { BarChart, HeatmapChart, LineChart, SankeyChart } from 'echarts/charts';
import {
  AriaComponent,
  GraphicComponent,
  GridComponent,
  LegendComponent,
  TitleComponent,
  TooltipComponent,
  VisualMapContinuousComponent,
} from 'echarts/components';
import { LabelLayout } from 'echarts/features';
import { CanvasRenderer, SVGRenderer } from 'echarts/renderers';

echarts.use([
  BarChart, HeatmapChart, LineChart, SankeyChart,
  AriaComponent, GraphicComponent, GridComponent, LegendComponent, TitleComponent, TooltipComponent,
  VisualMapContinuousComponent,
  LabelLayout,
  CanvasRenderer, SVGRenderer,
]);

globalThis.echarts = echarts;
