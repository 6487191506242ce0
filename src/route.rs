//! The URL hash: which view is shown and which filters are set, so that a link or a reload shows
//! the same figures. It never holds data (only the filter values the user picked).
//!
//! `#view=stage-up&fy=2021-2023&program=…&area=2&association=…&hub=…`; `&goal=6` for a goal's
//! section of the KPI view.

use mdkpi_contract::label::Money;
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
    /// A goal's section (1–11) of the view, where the view opens; `None`: its top.
    pub goal: Option<u8>,
    /// The unit yen amounts are shown in.
    pub money: Money,
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
        if let Some(goal) = self.goal {
            s.append_pair("goal", &goal.to_string());
        }
        if self.money != Money::Auto {
            s.append_pair("money", self.money.slug());
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
                "goal" => route.goal = value.parse().ok().filter(|g| (1..=11).contains(g)),
                "money" => route.money = Money::from_slug(&value).unwrap_or_default(),
                _ => {}
            }
        }
        Some(route)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every combination of the filter's fields, set or not (values that need encoding included).
    fn filters() -> Vec<Filter> {
        (0..64u32)
            .map(|bits| {
                let on = |i: u32| bits & (1 << i) != 0;
                Filter {
                    fiscal_year_from: on(0).then_some(2021),
                    fiscal_year_to: on(1).then_some(2023),
                    program: on(2).then(|| "研究開発 A&B=1 + 50%".to_owned()),
                    priority_area: on(3).then_some(5),
                    association: on(4).then(|| "日本 医療機器 協会/#?".to_owned()),
                    hub: on(5).then(|| "拠点 東".to_owned()),
                }
            })
            .collect()
    }

    #[test]
    fn every_view_and_filter_comes_back_from_its_hash() {
        for view in View::ALL {
            for filter in filters() {
                let route = Route { view, filter, ..Route::default() };
                let hash = route.to_hash();
                assert!(hash.starts_with(&format!("#view={}", view.slug())), "{hash}");
                assert_eq!(Route::from_hash(&hash).as_ref(), Some(&route), "{hash}");
            }
        }
    }

    #[test]
    fn a_hash_names_the_view_then_the_filters_set() {
        let plain = Route::default();
        assert_eq!(plain.to_hash(), "#view=overview");
        let filter =
            Filter { fiscal_year_from: Some(2021), fiscal_year_to: Some(2023), priority_area: Some(2), ..plain.filter };
        assert_eq!(
            Route { view: View::StageUp, filter, ..Route::default() }.to_hash(),
            "#view=stage-up&fy=2021-2023&area=2"
        );
        let from = Filter { fiscal_year_from: Some(2022), program: Some("A B".into()), ..Filter::default() };
        assert_eq!(
            Route { view: View::Data, filter: from, ..Route::default() }.to_hash(),
            "#view=data&fy=2022-&program=A+B"
        );
    }

    #[test]
    fn a_hash_without_a_key_and_value_is_not_a_route() {
        for hash in ["", "#", "#goal-6", "goal-6", "#view"] {
            assert_eq!(Route::from_hash(hash), None, "{hash}");
        }
        assert_eq!(Route::from_hash("view=data"), Some(Route { view: View::Data, ..Route::default() }));
    }

    #[test]
    fn malformed_values_and_unknown_keys_are_ignored() {
        let route = |hash: &str| Route::from_hash(hash).expect("a route");
        assert_eq!(route("#view=nowhere"), Route::default());
        assert_eq!(route("#view=kpi&colour=red"), Route { view: View::Kpis, ..Route::default() });
        assert_eq!(route("#fy=abc").filter, Filter::default());
        assert_eq!(
            route("#fy=2023").filter,
            Filter { fiscal_year_from: Some(2023), fiscal_year_to: Some(2023), ..Filter::default() }
        );
        assert_eq!(route("#fy=x-2023").filter, Filter { fiscal_year_to: Some(2023), ..Filter::default() });
        assert_eq!(route("#program=&hub=").filter, Filter::default());
    }

    #[test]
    fn a_priority_area_outside_1_to_5_is_ignored() {
        let area =
            |value: &str| Route::from_hash(&format!("#view=kpi&area={value}")).and_then(|r| r.filter.priority_area);
        assert_eq!((area("1"), area("5")), (Some(1), Some(5)));
        for value in ["0", "6", "255", "256", "-1", "two", ""] {
            assert_eq!(area(value), None, "{value}");
        }
    }

    #[test]
    fn the_money_unit_travels_in_the_hash_and_an_unknown_one_is_the_default() {
        for money in Money::ALL {
            let route = Route { view: View::Kpis, money, ..Route::default() };
            assert_eq!(Route::from_hash(&route.to_hash()), Some(route.clone()), "{}", route.to_hash());
        }
        assert_eq!(Route { money: Money::Million, ..Route::default() }.to_hash(), "#view=overview&money=million");
        assert_eq!(Route::from_hash("#view=kpi&money=dollars").map(|r| r.money), Some(Money::Auto));
    }

    #[test]
    fn a_goal_section_travels_in_the_hash_and_only_goals_1_to_11_are_read() {
        let route = Route { view: View::Kpis, goal: Some(6), ..Route::default() };
        assert_eq!(route.to_hash(), "#view=kpi&goal=6");
        assert_eq!(Route::from_hash(&route.to_hash()), Some(route));
        let goal = |value: &str| Route::from_hash(&format!("#view=kpi&goal={value}")).and_then(|r| r.goal);
        assert_eq!((goal("1"), goal("11")), (Some(1), Some(11)));
        for value in ["0", "12", "-1", "six", ""] {
            assert_eq!(goal(value), None, "{value}");
        }
    }

    #[test]
    fn each_view_has_its_own_slug_element_and_label() {
        let slugs: std::collections::BTreeSet<&str> = View::ALL.iter().map(|v| v.slug()).collect();
        assert_eq!(slugs.len(), View::ALL.len());
        assert_eq!(View::StageUp.element_id(), "view-stage-up");
        assert_eq!(
            (View::Reference.label(Lang::Ja), View::Reference.label(Lang::En)),
            ("参考指標（暦年）", "Reference (calendar years)")
        );
    }
}
