import HukouText
import Testing

@Suite struct PrivacyMaskTests {
    @Test func masksIDNumbersOnTheASCIIShortcutAndTheGeneralPathAlike() {
        #expect(PrivacyMask.idNumber("110105194912310011") == "110***********0011")
        #expect(PrivacyMask.idNumber("11010519491231001x") == "110***********001x")
        #expect(PrivacyMask.idNumber("12345678") == "123*5678")
        #expect(PrivacyMask.idNumber("1234567") == "*******")
        // Not ASCII: the general path, counting characters.
        #expect(PrivacyMask.idNumber("１１０１０５１９４９") == "１１０***１９４９")
    }

    @Test func masksNamesAsTheCountersDo() {
        #expect(PrivacyMask.name("林") == "*")
        #expect(PrivacyMask.name("张三") == "张*")
        #expect(PrivacyMask.name("张小明") == "张*明")
        #expect(PrivacyMask.name("欧阳娜娜") == "欧阳**")
        #expect(PrivacyMask.name("王𠮷") == "王*")
        #expect(PrivacyMask.name("买买提·艾力") == "买*提·**")
        #expect(PrivacyMask.name("阿依古丽·买买提") == "阿依**·***")
        #expect(PrivacyMask.name("") == "")
    }

    @Test func masksOtherFields() {
        #expect(PrivacyMask.householdNumber("110101001") == "*******01")
        #expect(PrivacyMask.address("北京市东城区东华门街道1号") == "北京市东城区***")
        #expect(PrivacyMask.address("北京") == "***")
        #expect(PrivacyMask.text("A123456") == "A***")
    }
}
