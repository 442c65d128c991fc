/// A group of related settings: a block of `.env.example` under its title.
struct SettingsSection: Sendable {
    var title: String
    /// Lines under the title in `.env.example`, without their `# `.
    var comment: [String] = []
    var settings: [Setting]
}
