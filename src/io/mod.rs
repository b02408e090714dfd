//! Reports as files: nianbao's own document ([`document`], RON, atomic writes), the JSON interchange format
//! ([`interchange`]), and opening any file a user hands over ([`open`]).
//!
//! This layer knows the model and the review record and nothing above them: no exporters, no UI.

pub mod document;
pub mod interchange;
pub mod open;

/// An operating-system error in words for the clerk, in Chinese (the system's own text is English or in the
/// system's language, and means little to a clerk): what went wrong and, where it helps, what to do.
pub fn describe(e: &std::io::Error) -> String {
    use std::io::ErrorKind as K;
    let text = match e.kind() {
        K::NotFound => "文件或文件夹不存在",
        K::PermissionDenied => {
            "没有权限（文件可能是只读的、在受保护的文件夹中，或正被其他程序占用）"
        }
        K::AlreadyExists => "文件已存在",
        K::InvalidData => "文件内容不是有效的文本（不是 UTF-8 编码，或不是年报文件）",
        K::IsADirectory => "这是一个文件夹，不是文件",
        K::NotADirectory => "路径中的某一级不是文件夹",
        K::DirectoryNotEmpty => "文件夹不是空的",
        K::ReadOnlyFilesystem => "磁盘或文件夹是只读的",
        K::StorageFull | K::QuotaExceeded => "磁盘空间不足",
        K::FileTooLarge => "文件太大",
        K::InvalidFilename | K::InvalidInput => "文件名或路径无效",
        K::ResourceBusy | K::ExecutableFileBusy => "文件正被其他程序使用",
        K::CrossesDevices => "不能跨磁盘移动文件",
        K::TimedOut => "操作超时",
        K::Interrupted => "操作被中断，请重试",
        K::UnexpectedEof => "文件意外结束（可能不完整）",
        K::OutOfMemory => "内存不足",
        K::NetworkUnreachable
        | K::HostUnreachable
        | K::NetworkDown
        | K::ConnectionRefused
        | K::ConnectionReset
        | K::ConnectionAborted
        | K::NotConnected => "网络位置无法访问",
        K::StaleNetworkFileHandle => "网络文件已失效，请重新打开",
        _ => {
            return match e.raw_os_error() {
                Some(code) => format!("系统错误（错误代码{code}）"),
                None => "系统错误".to_owned(),
            };
        }
    };
    text.to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn system_errors_are_described_in_chinese() {
        let missing = std::fs::read("/nonexistent/年报.ron").unwrap_err();
        assert_eq!(describe(&missing), "文件或文件夹不存在");
        let other = std::io::Error::from_raw_os_error(9999);
        let text = describe(&other);
        assert!(text.starts_with("系统错误"), "{text}");
        assert!(!text.chars().any(|c| c.is_ascii_alphabetic()), "{text}");
    }
}
