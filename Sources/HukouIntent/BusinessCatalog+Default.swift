extension BusinessCatalog {
    /// The bundled national baseline: the 户政 businesses of domain notes §1 (15 codes; ID cards split into first
    /// issue, renewal and replacement because materials, fees and routing differ). Materials are typical lists; a
    /// station overrides them with ``load(overridesFrom:)``.
    ///
    /// A unit test checks that this literal passes every catalog rule and holds all 15 codes; the empty fallback
    /// below is never reached by a build that passed its tests.
    public static let `default`: BusinessCatalog =
        (try? BusinessCatalog(fields: defaultFields, services: defaultServices))
        ?? BusinessCatalog(uncheckedEmpty: ())

    private init(uncheckedEmpty: Void) {
        self.entries = []
        self.fields = [:]
        self.index = [:]
    }

    private static func t(_ zh: String, _ en: String) -> LocalizedText { LocalizedText(zh: zh, en: en) }

    static let defaultFields: [String: FieldSpec] = [
        // The applicant (the person tapping)
        "name": FieldSpec(kind: .personName, label: t("申请人姓名", "applicant's name")),
        "id": FieldSpec(kind: .idNumber, label: t("申请人公民身份号码", "applicant's ID number")),
        "hh": FieldSpec(kind: .householdNumber, label: t("户号", "household number")),
        "rel": FieldSpec(kind: .relationship, label: t("与户主关系", "relationship to the household head")),
        "addr": FieldSpec(kind: .address, label: t("现住址", "current address")),
        // Birth
        "child_name": FieldSpec(kind: .personName, label: t("新生儿姓名", "newborn's name")),
        "child_sex": FieldSpec(kind: .sex, label: t("新生儿性别", "newborn's sex")),
        "child_dob": FieldSpec(kind: .pastDate, label: t("新生儿出生日期", "newborn's date of birth")),
        "child_birthplace": FieldSpec(kind: .text, label: t("出生地", "place of birth"), maxLength: 60),
        "child_ethnicity": FieldSpec(kind: .text, label: t("民族", "ethnicity"), maxLength: 20),
        "child_rel": FieldSpec(kind: .relationship, label: t("新生儿与户主关系", "newborn's relationship to the head")),
        "birth_cert_no": FieldSpec(kind: .documentNumber, label: t("出生医学证明编号", "birth medical certificate no.")),
        "follow": FieldSpec(
            kind: .choice,
            label: t("随父/随母落户", "registered with father or mother"),
            choices: ["father", "mother"]
        ),
        "father_id": FieldSpec(kind: .idNumber, label: t("父亲公民身份号码", "father's ID number")),
        "mother_id": FieldSpec(kind: .idNumber, label: t("母亲公民身份号码", "mother's ID number")),
        // Death
        "deceased_id": FieldSpec(kind: .idNumber, label: t("死者公民身份号码", "deceased's ID number")),
        "deceased_name": FieldSpec(kind: .personName, label: t("死者姓名", "deceased's name")),
        "death_date": FieldSpec(kind: .pastDate, label: t("死亡日期", "date of death")),
        "death_proof": FieldSpec(
            kind: .choice,
            label: t("死亡证明类型", "kind of death proof"),
            choices: ["medical", "cremation", "police", "court", "foreign"]
        ),
        // Migration
        "move_category": FieldSpec(
            kind: .choice,
            label: t("迁入类别", "move-in category"),
            choices: [
                "spouse", "parent_to_child", "child_to_parent", "housing", "employment", "talent", "student",
                "veteran", "returnee", "released", "other",
            ]
        ),
        "dest_addr": FieldSpec(kind: .address, label: t("迁入地址", "destination address")),
        "origin_addr": FieldSpec(kind: .address, label: t("迁出地址", "origin address")),
        "permit_no": FieldSpec(kind: .documentNumber, label: t("准迁证/迁移证编号", "migration permit no.")),
        "move_reason": FieldSpec(kind: .text, label: t("迁移原因", "reason for moving"), maxLength: 100),
        // Cross-province
        "base_service": FieldSpec(
            kind: .choice,
            label: t("通办事项", "underlying business"),
            choices: ["BIRTH_REG", "MOVE_IN", "ID_FIRST", "ID_RENEW", "ID_REPLACE", "CERTIFICATE"]
        ),
        "hukou_addr": FieldSpec(kind: .address, label: t("户籍地址", "registered (hukou) address")),
        "residence_addr": FieldSpec(kind: .address, label: t("居住地址", "residence address")),
        "residence_permit_no": FieldSpec(kind: .documentNumber, label: t("居住证编号", "residence permit no.")),
        // Booklet
        "booklet_reason": FieldSpec(
            kind: .choice,
            label: t("补换领原因", "reason for reissue"),
            choices: ["lost", "damaged", "changed"]
        ),
        // ID cards
        "renew_reason": FieldSpec(
            kind: .choice,
            label: t("换领原因", "reason for renewal"),
            choices: ["expiring", "expired", "details_changed", "damaged"]
        ),
        "delivery_addr": FieldSpec(kind: .address, label: t("证件邮寄地址", "delivery address")),
        "receipt_no": FieldSpec(kind: .documentNumber, label: t("申领回执编号", "application receipt no.")),
        // Certificates (公通字〔2016〕21号)
        "cert_type": FieldSpec(
            kind: .choice,
            label: t("证明类型", "certificate type"),
            choices: [
                "item_change", "deregistration", "kinship", "abducted_child", "abandoned_infant",
                "unnatural_death", "temporary_identity", "no_criminal_record",
            ]
        ),
        "purpose": FieldSpec(kind: .text, label: t("用途", "purpose"), maxLength: 100),
        "subject_id": FieldSpec(kind: .idNumber, label: t("被证明人公民身份号码", "subject's ID number")),
        "subject_name": FieldSpec(kind: .personName, label: t("被证明人姓名", "subject's name")),
        // Name and item changes
        "new_name": FieldSpec(kind: .personName, label: t("拟变更姓名", "new name")),
        "name_reason": FieldSpec(kind: .text, label: t("变更原因", "reason for the change"), maxLength: 200),
        "item": FieldSpec(
            kind: .choice,
            label: t("变更更正项目", "item to correct"),
            choices: ["birth_date", "ethnicity", "sex", "birthplace", "native_place", "other"]
        ),
        "old_value": FieldSpec(kind: .text, label: t("原登记内容", "registered value"), maxLength: 100),
        "new_value": FieldSpec(kind: .text, label: t("拟变更内容", "requested value"), maxLength: 100),
        "evidence": FieldSpec(kind: .text, label: t("证明材料", "evidence"), maxLength: 200),
        // Household split
        "new_addr": FieldSpec(kind: .address, label: t("新立户地址", "address of the new household")),
        // Residence permit
        "employer_or_school": FieldSpec(
            kind: .text,
            label: t("就业单位或就读学校", "employer or school"),
            maxLength: 100
        ),
        "stay_since": FieldSpec(kind: .pastDate, label: t("居住登记日期", "resident since")),
    ]

    static let defaultServices: [CatalogFile.Service] = [
        .init(
            code: "BIRTH_REG",
            name: t("出生登记", "Birth registration"),
            category: "C",
            required: ["name", "id", "child_name", "child_sex", "child_dob", "birth_cert_no", "follow"],
            optional: ["hh", "rel", "child_rel", "child_ethnicity", "child_birthplace", "father_id", "mother_id"],
            materials: [
                t("《出生医学证明》", "birth medical certificate"),
                t("随其落户的父亲或母亲的户口簿", "household register of the parent the child is registered with"),
                t("父母双方居民身份证", "both parents' ID cards"),
                t(
                    "结婚证（非婚生育的提交非婚生育说明，随父落户的另需亲子鉴定）",
                    "marriage certificate (unmarried parents: a statement; registering with the father: a paternity test)"
                ),
            ],
            presence: .guardian,
            presenceNote: t("父母或监护人到场，新生儿无需到场", "a parent or guardian; the infant need not come")
        ),
        .init(
            code: "DEATH_DEREG",
            name: t("死亡注销", "Death deregistration"),
            category: "C",
            required: ["name", "id", "deceased_id", "death_date", "death_proof"],
            optional: ["deceased_name", "rel", "hh"],
            materials: [
                t("申报人居民身份证", "declarant's ID card"),
                t("死者户口簿及居民身份证", "deceased's household register and ID card"),
                t(
                    "死亡医学证明（推断）书、火化证明、公安或司法非正常死亡证明、法院宣告死亡判决书之一",
                    "one of: medical death certificate, cremation certificate, police or judicial certificate, court declaration"
                ),
            ],
            presence: .declarant,
            presenceNote: t("亲属、户主或村（居）委会", "a relative, the household head or the committee")
        ),
        .init(
            code: "MOVE_IN",
            name: t("户口迁入（落户）", "Hukou move-in (settlement)"),
            category: "A",
            required: ["name", "id", "move_category", "dest_addr"],
            optional: ["hh", "rel", "origin_addr", "permit_no", "move_reason"],
            materials: [
                t("迁移人户口簿及居民身份证", "migrant's household register and ID card"),
                t("准迁证或迁移证（跨区域迁移）", "pre-approval or migration certificate (cross-area moves)"),
                t("关系证明（结婚证、出生医学证明等）", "proof of relationship (marriage or birth certificate)"),
                t("住房证明（不动产权证、房主同意书或备案租赁合同）", "housing proof (deed, owner's consent or registered lease)"),
                t("就业、就学或人才证明（按落户类别）", "job, school or talent proof (by category)"),
            ],
            presence: .inPerson,
            presenceNote: t("成年迁移人本人到场", "adult migrants in person")
        ),
        .init(
            code: "MOVE_OUT",
            name: t("户口迁出（迁移证）", "Hukou move-out (migration certificate)"),
            category: "A",
            required: ["name", "id", "dest_addr"],
            optional: ["hh", "permit_no", "move_reason"],
            materials: [
                t("户口簿", "household register"),
                t("居民身份证", "ID card"),
                t("迁入地签发的准予迁入证明", "pre-approval issued by the destination"),
            ],
            presence: .agentAllowed,
            presenceNote: t("迁移人本人或户主", "the migrant or the household head")
        ),
        .init(
            code: "CROSS_PROVINCE",
            name: t("跨省通办", "Cross-province service"),
            category: "A",
            required: ["name", "id", "base_service", "hukou_addr", "residence_addr"],
            optional: ["residence_permit_no", "hh"],
            materials: [
                t("对应事项的材料", "the materials of the underlying business"),
                t(
                    "居住证、暂住登记或稳定就业、就学、居所证明",
                    "residence permit, temporary registration or proof of stable job, school or home"
                ),
            ],
            presence: .inPerson
        ),
        .init(
            code: "HH_BOOKLET",
            name: t("户口簿补领、换领", "Household register reissue"),
            category: "D",
            required: ["name", "id", "hh", "booklet_reason"],
            optional: ["rel"],
            materials: [
                t("户主居民身份证", "household head's ID card"),
                t(
                    "户主不能到场的，成年家庭成员持书面委托及双方身份证",
                    "if the head cannot come: an adult member with a written authorisation and both ID cards"
                ),
            ],
            presence: .agentAllowed,
            presenceNote: t("户主或受委托的成年家庭成员", "the household head or an authorised adult member")
        ),
        .init(
            code: "ID_FIRST",
            name: t("居民身份证首次申领", "Resident ID card, first issue"),
            category: "B",
            required: ["name", "id"],
            optional: ["hh", "rel", "delivery_addr"],
            materials: [
                t("户口簿", "household register"),
                t("异地申领的，居住证或稳定居所证明", "away from the hukou place: residence permit or proof of residence"),
            ],
            presence: .inPerson,
            presenceNote: t("须本人到场采集照片和指纹；未满16周岁由监护人陪同", "photo and fingerprints in person; under-16s with a guardian")
        ),
        .init(
            code: "ID_RENEW",
            name: t("居民身份证换领", "Resident ID card renewal"),
            category: "B",
            required: ["name", "id", "renew_reason"],
            optional: ["delivery_addr"],
            materials: [
                t("原居民身份证", "the old ID card"),
                t("异地换领的，填写《居民身份证异地受理登记表》", "away from the hukou place: the off-site application form"),
            ],
            presence: .inPerson,
            presenceNote: t("须本人到场采集照片和指纹", "photo and fingerprints in person")
        ),
        .init(
            code: "ID_REPLACE",
            name: t("居民身份证补领", "Resident ID card replacement"),
            category: "B",
            required: ["name", "id"],
            optional: ["delivery_addr"],
            materials: [
                t("户口簿或其他身份证明", "household register or other proof of identity")
            ],
            presence: .inPerson,
            presenceNote: t("须本人到场采集照片和指纹", "photo and fingerprints in person")
        ),
        .init(
            code: "ID_TEMP",
            name: t("临时居民身份证", "Temporary resident ID card"),
            category: "B",
            required: ["name", "id", "receipt_no"],
            optional: [],
            materials: [
                t("户口簿", "household register"),
                t("近期照片", "a recent photo"),
                t("居民身份证申领回执", "receipt of the pending ID card application"),
            ],
            presence: .inPerson,
            presenceNote: t("未满16周岁由监护人代为申请", "under-16s through a guardian")
        ),
        .init(
            code: "CERTIFICATE",
            name: t("户籍类证明", "Hukou-related certificate"),
            category: "D",
            required: ["name", "id", "cert_type", "purpose"],
            optional: ["subject_id", "subject_name", "rel"],
            materials: [
                t("申请人居民身份证", "applicant's ID card"),
                t("代办的，授权委托书及双方身份证", "by an agent: power of attorney and both ID cards"),
            ],
            presence: .agentAllowed
        ),
        .init(
            code: "NAME_CHANGE",
            name: t("姓名变更、更正", "Name change or correction"),
            category: "D",
            required: ["name", "id", "new_name", "name_reason"],
            optional: ["hh"],
            materials: [
                t("书面申请", "written application"),
                t("户口簿及居民身份证", "household register and ID card"),
                t("未成年人：父母双方共同申请，满8周岁的征得本人同意", "minors: both parents jointly; the child's consent from age 8"),
            ],
            presence: .inPerson,
            presenceNote: t("本人到场，未成年人由监护人陪同", "in person; minors with their guardians")
        ),
        .init(
            code: "ITEM_CORRECTION",
            name: t("户口项目变更更正", "Correction of registered items"),
            category: "D",
            required: ["name", "id", "item", "new_value", "evidence"],
            optional: ["old_value", "hh"],
            materials: [
                t("出生日期：原始出生医学证明、迁移记录等原始材料", "date of birth: original birth certificate, migration records"),
                t("民族：民族事务部门证明", "ethnicity: certificate of the ethnic-affairs bureau"),
                t("性别：医院证明", "sex: hospital certificate"),
                t("户口簿及居民身份证", "household register and ID card"),
            ],
            presence: .guardian,
            presenceNote: t("本人或监护人", "the applicant or a guardian")
        ),
        .init(
            code: "HH_SPLIT",
            name: t("分户、立户", "Household split or establishment"),
            category: "A",
            required: ["name", "id", "hh", "new_addr"],
            optional: ["move_reason"],
            materials: [
                t("书面申请", "written application"),
                t("户口簿", "household register"),
                t("房产证明或备案租赁合同", "property deed or registered lease"),
                t("结婚证或离婚证（如涉及）", "marriage or divorce certificate where relevant"),
            ],
            presence: .inPerson,
            presenceNote: t("未满18周岁一般不能单独立户", "under-18s generally cannot form a household alone")
        ),
        .init(
            code: "RESIDENCE_PERMIT",
            name: t("居住证", "Residence permit"),
            category: "E",
            required: ["name", "id", "residence_addr"],
            optional: ["employer_or_school", "stay_since"],
            materials: [
                t("居民身份证", "ID card"),
                t("近期照片", "a recent photo"),
                t("住所证明（租赁合同、房产证或单位宿舍证明）", "proof of address (lease, deed or dormitory letter)"),
                t("就业或就读证明", "proof of job or school"),
            ],
            presence: .agentAllowed
        ),
    ]
}
