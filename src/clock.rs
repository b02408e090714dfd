//! The one reader of the system clock.
//!
//! The model, the checks, the review and the exporters never read the clock: the window and the CLI call [`now`] at
//! their edge and pass the moment in (a review action's time, today's date for a deadline, an export's creation
//! date), so that tests fix the time and every result can be reproduced.

use crate::model::{Date, Timestamp};

/// Now, in 北京时间, to the minute.
pub fn now() -> Timestamp {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    Timestamp::from_unix(i64::try_from(secs).unwrap_or(0))
}

/// Today's date in 北京时间.
pub fn today() -> Date {
    now().date
}
