"""What the two sample pages name, article by article: read by a person, not
produced by the extractor. Truth for tests/people and bench/extraction.py;
nothing here feeds the rules (a test checks that no name is in them).

For each article (keyed by its headline): the people and organisations it
names, and which of them the rules are known to miss (`missed_*`; counted
against recall by bench/extraction.py, left out of the exact-set tests).
`offices`: (name, office, organisation or None) facts of the page.
"""

SAMPLES = {
    "000_ddfb3c66dc3d3638.txt": {
        "date": "2022-06-28",
        "credits": {"editor": "戴琰", "layout": "李春霞", "proofreader": "张真"},
        "articles": {
            "深化全国文明城市巩固工作 开创文明城市共建共享新格局": {
                "people": {"仲旭东", "沈志凤"},
                "organisations": {"宣传部"},
            },
            "平湖首个顶尖人才 项目签约落户": {
                "people": {"仲旭东", "戴振", "崔小生", "杜如虚", "陈贤帅"},
                "organisations": {"加拿大工程院"},
                "missed_organisations": {"中科院"},
            },
            "市十六届政府 第五次常务会议召开": {
                "people": {
                    "周军波",
                    "胡泓恬",
                    "戴建忠",
                    "宋怡玲",
                    "莫放路",
                    "王李涛",
                    "周启程",
                    "许静",
                },
                "organisations": {"市政府", "市政协", "农业农村局"},
            },
            "市人大党组（扩大）会议 传达学习省党代会精神": {
                "people": {"蔡国平", "钱勇彪", "金玉珍", "富国权", "陈伟", "柯卫明"},
                # 平湖人大 (…大局中展现平湖人大的担当): the county's people's congress,
                # a body; added when the open rules (issue 17) first found it.
                "organisations": {"市人大常委会", "市人大党组", "平湖人大"},
            },
            "市政协党组（扩大）会议 学习贯彻省党代会精神": {
                "people": {"何健", "王道平", "许静", "沈幼锋", "唐华荣", "汤建萍"},
                "organisations": {"市政协", "市政协党组"},
            },
            "“智能”生产": {
                "people": set(),
                "organisations": {"汉粤净化设备（浙江）有限公司"},
            },
            "一堂生动党课 一场初心洗礼": {
                "people": {"俞云芳", "王杰", "王国忠"},
                "organisations": {
                    "市人大常委会机关第一党支部",
                    "代表选任工委",
                    "市人大常委会办公室",
                },
                "bylines": {"reporter": "华婷婷"},
            },
            "平湖以党建引领推进融合型大社区大单元基层治理": {
                "people": {"郭强"},
                "missed_people": {"杨发根"},
                "organisations": {"钟埭社区党委", "平湖市钟庆新居民服务中心"},
                "bylines": {"reporter": "李雨婷"},
            },
        },
        "offices": {
            ("仲旭东", "市委书记", None),
            ("沈志凤", "市委常委", None),
            ("沈志凤", "部长", "宣传部"),
            ("周军波", "市长", None),
            ("胡泓恬", "常务副市长", None),
            ("戴建忠", "副市长", None),
            ("宋怡玲", "副市长", None),
            ("莫放路", "副市长", None),
            ("王李涛", "副市长", None),
            ("周启程", "党组成员", "市政府"),
            ("许静", "副主席", "市政协"),
            ("柯卫明", "副主任", "市人大常委会"),
            # Printed as his office of long ago (第一任县委书记); stored as a
            # machine fact of the page's date, for an editor to reject.
            ("俞云芳", "县委书记", None),
            ("王杰", "书记", "市人大常委会机关第一党支部"),
            ("王杰", "副主任", "代表选任工委"),
            ("王国忠", "主任", "市人大常委会办公室"),
            ("郭强", "书记", "钟埭社区党委"),
        },
    },
    "002_78004bad7335606d.txt": {
        "date": "2020-01-10",
        "credits": {"editor": "戴琰", "layout": "李春霞", "proofreader": "张真"},
        "articles": {
            "凝聚追梦奔跑新崛起的不竭动力": {
                "people": {"严祥荣"},
                "organisations": {"市委常委会"},
            },
            "快乐“2020”": {
                "people": set(),
                "organisations": set(),
                "bylines": {"photographer": "王强"},
            },
            "刷脸投垃圾 分类更精准": {
                "people": {"冯雪中", "张建军"},
                "organisations": {"广陈镇"},
                "bylines": {"reporter": "居丹荔", "correspondent": "徐冰艳"},
            },
            "构建共建共治共享的社会治理格局": {
                "people": set(),
                "organisations": {
                    "市社会矛盾纠纷调处化解中心",
                    "市委",
                    "省委",
                    "嘉兴市委",
                },
                "bylines": {"reporter": "胡佳英"},
            },
            "“慈善爱心一日捐”活动启动": {
                "people": {"祁海龙", "仲旭东", "胡水良", "徐春林", "王道平"},
                "organisations": {"市政府", "市慈善总会", "市委"},
            },
            "平湖上榜全国农村 创新创业典型": {
                "people": set(),
                "organisations": {"农业农村部"},
                "bylines": {"reporter": "居丹荔"},
            },
            "我市两单位入选嘉兴 命名的首批社会组织 党群服务中心示范点": {
                "people": set(),
                "organisations": {
                    "嘉兴市社会组织综合委员会",
                    "林埭镇社会组织党群服务中心",
                    "当湖街道北河溇社区党群服务中心",
                    "林埭镇党群服务中心",
                    "北河溇社区党群服务中心",
                },
                "bylines": {"reporter": "居丹荔", "correspondent": "纪亚千"},
            },
        },
        "offices": {("张建军", "副镇长", "广陈镇")},
    },
}
