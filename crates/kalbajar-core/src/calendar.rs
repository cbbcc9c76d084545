//! Dates and turns: the scenario clock in whole hours, without time zones or a date library.

use serde::{Deserialize, Serialize};
use std::fmt;

const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

/// A local date and hour.
///
/// ```
/// use kalbajar_core::calendar::DateTime;
/// let start = DateTime { year: 1993, month: 3, day: 27, hour: 6 };
/// assert_eq!(start.plus_hours(7 * 24 + 12).to_string(), "3 Apr 1993 18:00");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DateTime {
    pub year: i32,
    pub month: u32,
    pub day: u32,
    pub hour: u32,
}

/// Days in a month of the Gregorian calendar.
#[must_use]
pub fn days_in_month(year: i32, month: u32) -> u32 {
    match month {
        4 | 6 | 9 | 11 => 30,
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        _ => 31,
    }
}

impl DateTime {
    /// Whether the fields name a real date and hour.
    #[must_use]
    pub fn is_valid(&self) -> bool {
        (1..=9999).contains(&self.year)
            && (1..=12).contains(&self.month)
            && self.day >= 1
            && self.day <= days_in_month(self.year, self.month)
            && self.hour < 24
    }

    /// This moment plus a number of hours.
    #[must_use]
    pub fn plus_hours(self, hours: u32) -> Self {
        let mut t = self;
        let total = t.hour + hours;
        t.hour = total % 24;
        let mut days = total / 24;
        while days > 0 {
            let left = days_in_month(t.year, t.month) - t.day;
            if days <= left {
                t.day += days;
                days = 0;
            } else {
                days -= left + 1;
                t.day = 1;
                if t.month == 12 {
                    t.month = 1;
                    t.year = t.year.saturating_add(1);
                } else {
                    t.month += 1;
                }
            }
        }
        t
    }

    /// "27 Mar" without the year or hour.
    #[must_use]
    pub fn short_date(&self) -> String {
        format!("{} {}", self.day, month_name(self.month))
    }
}

fn month_name(month: u32) -> &'static str {
    usize::try_from(month)
        .ok()
        .and_then(|m| m.checked_sub(1))
        .and_then(|i| MONTHS.get(i))
        .copied()
        .unwrap_or("?")
}

impl fmt::Display for DateTime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} {} {} {:02}:00",
            self.day,
            month_name(self.month),
            self.year,
            self.hour
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sixteen_half_day_turns_cover_the_battle_week() {
        let start = DateTime {
            year: 1993,
            month: 3,
            day: 27,
            hour: 6,
        };
        assert_eq!(start.plus_hours(12).to_string(), "27 Mar 1993 18:00");
        assert_eq!(start.plus_hours(15 * 12).to_string(), "3 Apr 1993 18:00");
        assert_eq!(start.plus_hours(16 * 12).to_string(), "4 Apr 1993 06:00");
    }

    #[test]
    fn invalid_dates_are_caught() {
        let bad = DateTime {
            year: 1993,
            month: 2,
            day: 29,
            hour: 6,
        };
        assert!(!bad.is_valid());
    }
}
