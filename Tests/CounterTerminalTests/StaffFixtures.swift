import CounterStaff

extension CounterOperator {
    /// 王警官, staff number 010001, login `wang`, a clerk of `windows`.
    static func wang(windows: [Int] = [1]) -> CounterOperator {
        .staff(StaffMember(login: "wang", name: "王警官", number: "010001", role: .clerk, windows: windows))
    }
    /// 李警官, staff number 010002, login `li`, a clerk of `windows`.
    static func li(windows: [Int] = [2]) -> CounterOperator {
        .staff(StaffMember(login: "li", name: "李警官", number: "010002", role: .clerk, windows: windows))
    }
    /// 周主管, staff number 000009, login `zhou`, the supervisor.
    static let supervisor = CounterOperator.staff(
        StaffMember(login: "zhou", name: "周主管", number: "000009", role: .supervisor)
    )
}
