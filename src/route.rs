//! The URL hash: which view is shown and which filters are set, so that a link or a reload shows
//! the same figures. It never holds data (only the filter values the user picked).
//!
//! `#view=stage-up&fy=2021-2023&program=…&area=2&association=…&hub=…`

use mdkpi_contract::lang::Lang;
use mdkpi_contract::options::Filter;

/// The views of the dashboard, in the order of the navigation bar.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum View {
    #[default]
    Overview,
    Kpis,
    StageUp,
    Satisfaction,
    Reference,
    Data,
}

impl View {
    pub const ALL: [View; 6] =
        [View::Data, View::Overview, View::Kpis, View::StageUp, View::Satisfaction, View::Reference];

    /// The name in the hash and in `id="view-…"`.
    pub fn slug(self) -> &'static str {
        match self {
            View::Overview => "overview",
            View::Kpis => "kpi",
            View::StageUp => "stage-up",
            View::Satisfaction => "satisfaction",
            View::Reference => "reference",
            View::Data => "data",
        }
    }

    /// The id of the view's element in the page.
    pub fn element_id(self) -> String {
        format!("view-{}", self.slug())
    }

    /// The name in the navigation bar.
    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            View::Overview => lang.t("全体像", "Overview"),
            View::Kpis => lang.t("ゴール別 KPI", "KPIs by goal"),
            View::StageUp => lang.t("ステージアップ", "Stage-up"),
            View::Satisfaction => lang.t("研修満足度", "Satisfaction"),
            View::Reference => lang.t("参考指標（暦年）", "Reference (calendar years)"),
            View::Data => lang.t("データの読み込み", "Load data"),
        }
    }

    fn from_slug(slug: &str) -> Option<View> {
        View::ALL.into_iter().find(|v| v.slug() == slug)
    }
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct Route {
    pub view: View,
    pub filter: Filter,
}

impl Route {
    /// The hash, with its `#`.
    pub fn to_hash(&self) -> String {
        let mut s = form_urlencoded::Serializer::new(String::new());
        s.append_pair("view", self.view.slug());
        let f = &self.filter;
        if f.fiscal_year_from.is_some() || f.fiscal_year_to.is_some() {
            let year = |y: Option<i32>| y.map(|y| y.to_string()).unwrap_or_default();
            s.append_pair("fy", &format!("{}-{}", year(f.fiscal_year_from), year(f.fiscal_year_to)));
        }
        for (key, value) in [("program", &f.program), ("association", &f.association), ("hub", &f.hub)] {
            if let Some(v) = value {
                s.append_pair(key, v);
            }
        }
        if let Some(a) = f.priority_area {
            s.append_pair("area", &a.to_string());
        }
        format!("#{}", s.finish())
    }

    /// The route in a hash; `None` for a hash that is not a route (an in-page anchor such as
    /// `#goal-6`). Unknown keys and malformed values are ignored.
    pub fn from_hash(hash: &str) -> Option<Route> {
        let query = hash.strip_prefix('#').unwrap_or(hash);
        if !query.contains('=') {
            return None;
        }
        let mut route = Route::default();
        for (key, value) in form_urlencoded::parse(query.as_bytes()) {
            let text = || (!value.is_empty()).then(|| value.to_string());
            match key.as_ref() {
                "view" => route.view = View::from_slug(&value).unwrap_or_default(),
                "fy" => {
                    let (from, to) = value.split_once('-').unwrap_or((&value, &value));
                    route.filter.fiscal_year_from = from.parse().ok();
                    route.filter.fiscal_year_to = to.parse().ok();
                }
                "program" => route.filter.program = text(),
                "association" => route.filter.association = text(),
                "hub" => route.filter.hub = text(),
                "area" => route.filter.priority_area = value.parse().ok().filter(|a| (1..=5).contains(a)),
                _ => {}
            }
        }
        Some(route)
    }
}
