/// Relationship to the head of household (与户主关系), coded per GB/T 4761-2008 《家庭关系代码》.
///
/// The codes 01, 02, 10–12, 20, 21, 28, 30, 31, 38, 40–49, 50–52, 97 and 99 are confirmed in the domain notes
/// (S39); the rest follow the standard's published table as commonly reproduced in household software.
public struct RelationshipCode: Sendable, Hashable, Codable, CustomStringConvertible {
    /// The two-digit code.
    public let code: String

    /// The code's name.
    public var name: LocalizedText {
        Self.table[code] ?? LocalizedText(zh: code, en: code)
    }

    /// Looks up a code; `nil` if GB/T 4761-2008 does not define it.
    public init?(code: String) {
        guard Self.table[code] != nil else { return nil }
        self.code = code
    }

    /// Every code with its name.
    public static let table: [String: LocalizedText] = [
        "01": LocalizedText(zh: "本人", en: "self"),
        "02": LocalizedText(zh: "户主", en: "head of household"),
        "10": LocalizedText(zh: "配偶", en: "spouse"),
        "11": LocalizedText(zh: "夫", en: "husband"),
        "12": LocalizedText(zh: "妻", en: "wife"),
        "20": LocalizedText(zh: "子", en: "son"),
        "21": LocalizedText(zh: "独生子", en: "only son"),
        "22": LocalizedText(zh: "长子", en: "eldest son"),
        "23": LocalizedText(zh: "次子", en: "second son"),
        "24": LocalizedText(zh: "三子", en: "third son"),
        "25": LocalizedText(zh: "四子", en: "fourth son"),
        "26": LocalizedText(zh: "五子", en: "fifth son"),
        "27": LocalizedText(zh: "养子或继子", en: "adopted son or stepson"),
        "28": LocalizedText(zh: "女婿", en: "son-in-law"),
        "29": LocalizedText(zh: "其他儿子", en: "other son"),
        "30": LocalizedText(zh: "女", en: "daughter"),
        "31": LocalizedText(zh: "独生女", en: "only daughter"),
        "32": LocalizedText(zh: "长女", en: "eldest daughter"),
        "33": LocalizedText(zh: "次女", en: "second daughter"),
        "34": LocalizedText(zh: "三女", en: "third daughter"),
        "35": LocalizedText(zh: "四女", en: "fourth daughter"),
        "36": LocalizedText(zh: "五女", en: "fifth daughter"),
        "37": LocalizedText(zh: "养女或继女", en: "adopted daughter or stepdaughter"),
        "38": LocalizedText(zh: "儿媳", en: "daughter-in-law"),
        "39": LocalizedText(zh: "其他女儿", en: "other daughter"),
        "40": LocalizedText(zh: "孙子、孙女或外孙子、外孙女", en: "grandchild"),
        "41": LocalizedText(zh: "孙子", en: "grandson (son's son)"),
        "42": LocalizedText(zh: "孙女", en: "granddaughter (son's daughter)"),
        "43": LocalizedText(zh: "外孙子", en: "grandson (daughter's son)"),
        "44": LocalizedText(zh: "外孙女", en: "granddaughter (daughter's daughter)"),
        "45": LocalizedText(zh: "孙媳妇或外孙媳妇", en: "grandson's wife"),
        "46": LocalizedText(zh: "孙女婿或外孙女婿", en: "granddaughter's husband"),
        "47": LocalizedText(zh: "曾孙子或外曾孙子", en: "great-grandson"),
        "48": LocalizedText(zh: "曾孙女或外曾孙女", en: "great-granddaughter"),
        "49": LocalizedText(zh: "其他孙子、孙女或外孙子、外孙女", en: "other grandchild"),
        "50": LocalizedText(zh: "父母", en: "parent"),
        "51": LocalizedText(zh: "父亲", en: "father"),
        "52": LocalizedText(zh: "母亲", en: "mother"),
        "53": LocalizedText(zh: "公公", en: "father-in-law (husband's father)"),
        "54": LocalizedText(zh: "婆婆", en: "mother-in-law (husband's mother)"),
        "55": LocalizedText(zh: "岳父", en: "father-in-law (wife's father)"),
        "56": LocalizedText(zh: "岳母", en: "mother-in-law (wife's mother)"),
        "57": LocalizedText(zh: "继父或养父", en: "stepfather or adoptive father"),
        "58": LocalizedText(zh: "继母或养母", en: "stepmother or adoptive mother"),
        "59": LocalizedText(zh: "其他父母关系", en: "other parent"),
        "60": LocalizedText(zh: "祖父母或外祖父母", en: "grandparent"),
        "61": LocalizedText(zh: "祖父", en: "grandfather (father's father)"),
        "62": LocalizedText(zh: "祖母", en: "grandmother (father's mother)"),
        "63": LocalizedText(zh: "外祖父", en: "grandfather (mother's father)"),
        "64": LocalizedText(zh: "外祖母", en: "grandmother (mother's mother)"),
        "65": LocalizedText(zh: "配偶的祖父母或外祖父母", en: "spouse's grandparent"),
        "66": LocalizedText(zh: "曾祖父", en: "great-grandfather"),
        "67": LocalizedText(zh: "曾祖母", en: "great-grandmother"),
        "68": LocalizedText(zh: "配偶的曾祖父母或外曾祖父母", en: "spouse's great-grandparent"),
        "69": LocalizedText(zh: "其他祖父母或外祖父母关系", en: "other grandparent"),
        "70": LocalizedText(zh: "兄弟姐妹", en: "sibling"),
        "71": LocalizedText(zh: "兄", en: "elder brother"),
        "72": LocalizedText(zh: "嫂", en: "elder brother's wife"),
        "73": LocalizedText(zh: "弟", en: "younger brother"),
        "74": LocalizedText(zh: "弟媳", en: "younger brother's wife"),
        "75": LocalizedText(zh: "姐姐", en: "elder sister"),
        "76": LocalizedText(zh: "姐夫", en: "elder sister's husband"),
        "77": LocalizedText(zh: "妹妹", en: "younger sister"),
        "78": LocalizedText(zh: "妹夫", en: "younger sister's husband"),
        "79": LocalizedText(zh: "其他兄弟姐妹", en: "other sibling"),
        "80": LocalizedText(zh: "其他", en: "other"),
        "81": LocalizedText(zh: "伯父", en: "father's elder brother"),
        "82": LocalizedText(zh: "伯母", en: "father's elder brother's wife"),
        "83": LocalizedText(zh: "叔父", en: "father's younger brother"),
        "84": LocalizedText(zh: "婶母", en: "father's younger brother's wife"),
        "85": LocalizedText(zh: "舅父", en: "mother's brother"),
        "86": LocalizedText(zh: "舅母", en: "mother's brother's wife"),
        "87": LocalizedText(zh: "姨父", en: "mother's sister's husband"),
        "88": LocalizedText(zh: "姨母", en: "mother's sister"),
        "89": LocalizedText(zh: "姑父", en: "father's sister's husband"),
        "90": LocalizedText(zh: "姑母", en: "father's sister"),
        "91": LocalizedText(zh: "堂兄弟、堂姐妹", en: "paternal cousin"),
        "92": LocalizedText(zh: "表兄弟、表姐妹", en: "maternal or cross cousin"),
        "93": LocalizedText(zh: "侄子", en: "nephew (brother's son)"),
        "94": LocalizedText(zh: "侄女", en: "niece (brother's daughter)"),
        "95": LocalizedText(zh: "外甥", en: "nephew (sister's son)"),
        "96": LocalizedText(zh: "外甥女", en: "niece (sister's daughter)"),
        "97": LocalizedText(zh: "其他亲属", en: "other relative"),
        "99": LocalizedText(zh: "非亲属", en: "not related"),
    ]

    public var description: String { "\(code) \(name.zh)" }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let value = RelationshipCode(code: text) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "not GB/T 4761"))
        }
        self = value
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(code)
    }
}
