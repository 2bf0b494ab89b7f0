"""Benchmark of the text matcher against a synthetic corpus of proposals.

    .venv/bin/python benchmarks/textmatch_bench.py                 # 100k proposals, 1,000 lookups
    .venv/bin/python benchmarks/textmatch_bench.py --docs 20000 --queries 500
    .venv/bin/python benchmarks/textmatch_bench.py --no-eval       # skip the quality-at-scale run

What it does:

1. synthesises ``--docs`` proposals (seeded RNG) from per-topic templates in the vocabulary
   of the labelled set (tests/data/textmatch_eval.jsonl): the same topics, Yanbian places,
   and per-proposal particulars (a street, a village, a cooperative, figures) so the corpus
   has realistic rare terms as well as shared topic words;
2. segments them (two processes, one per core) and builds a ``ProposalIndex``; the labelled
   set is added too, so step 4 measures quality among 100k same-topic proposals;
3. runs ``--queries`` lookups (``index.query``, which includes segmenting the query text),
   half from synthetic proposals and half from the labelled set, and prints p50/p95/p99;
4. evaluates recall@5 and MRR of the labelled clusters inside the big index.

Not part of the test suite (it takes a few minutes). Numbers go to docs/textmatch.md.
"""

from __future__ import annotations

import argparse
import gc
import json
import multiprocessing
import os
import pickle
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from ningju.textmatch import segment  # noqa: E402
from ningju.textmatch.evaluation import Evaluation, QueryResult, load_labelled  # noqa: E402
from ningju.textmatch.index import ProposalIndex  # noqa: E402

EVAL_SET = ROOT / "tests" / "data" / "textmatch_eval.jsonl"

PLACES = [
    "延吉市",
    "图们市",
    "敦化市",
    "珲春市",
    "龙井市",
    "和龙市",
    "汪清县",
    "安图县",
    "延边",
    "我州",
    "朝阳川镇",
    "依兰镇",
    "开山屯镇",
    "敬信镇",
    "春化镇",
    "英安镇",
    "三合镇",
    "东城镇",
    "明月镇",
    "松江镇",
    "二道白河镇",
    "大蒲柴河镇",
    "百草沟镇",
    "天桥岭镇",
    "雁鸣湖镇",
    "进学街道",
    "河南街道",
    "建工街道",
    "北山街道",
    "新兴街道",
    "公园街道",
    "小营镇",
    "三道湾镇",
]
NAME_CHARS = (
    "兴安龙山红旗光明新华东盛西山北岭南坪长青友谊丰收和平胜利前进团结民主幸福阳光青松"
    "白桦金达莱海兰明东仁义德福春阳秋实正林河湾泉石岗甸沟岔屯桥"
)
NAME_SUFFIXES = ["路", "街", "小区", "村", "社区", "合作社", "屯", "桥", "大街", "花园", "家园"]
DEPARTMENTS = [
    "州政府",
    "县市政府",
    "发改部门",
    "财政部门",
    "农业农村部门",
    "住建部门",
    "交通运输部门",
    "文旅部门",
    "教育部门",
    "卫生健康部门",
    "医保部门",
    "民政部门",
    "生态环境部门",
    "商务部门",
    "市场监管部门",
    "人社部门",
    "水利部门",
    "林草部门",
    "公安交警部门",
    "城管部门",
]
GENERIC = [
    "群众反映比较强烈",
    "已经成为制约发展的突出问题",
    "与群众的期盼还有较大差距",
    "相关政策落实不到位",
    "资金投入长期不足",
    "部门之间协调配合不够",
    "基层缺少专业人员",
    "宣传引导工作有待加强",
    "社会参与度不高",
    "监管手段比较落后",
    "历史欠账较多",
    "这一问题在县市和乡镇更加明显",
]
# Topic vocabulary of the labelled set, but none of the particular matters of its clusters
# (no 品种退化, 师资不足, 管网老化 …): the background shares topics with the labelled items,
# not matters, so recall at scale measures finding the matter among same-topic proposals.
TOPICS: dict[str, dict[str, list[str]]] = {
    "人参产业": {
        "subjects": ["人参", "林下参", "园参", "鲜参", "人参企业", "参农", "人参加工", "人参产业"],
        "problems": ["销售渠道单一", "种植成本上升", "产业链条短", "科技支撑不足", "龙头企业少"],
        "measures": [
            "完善人参产业扶持政策",
            "培育人参龙头企业",
            "推进人参标准化种植",
            "拓展人参销售渠道",
            "加强人参科技研发",
        ],
    },
    "冰雪旅游": {
        "subjects": ["冰雪旅游", "滑雪场", "冬季旅游", "冰雪运动", "旅游景区", "游客", "冰雪产业"],
        "problems": [
            "配套设施不完善",
            "旅游产品单一",
            "服务质量不高",
            "宣传推介不足",
            "季节性明显",
        ],
        "measures": [
            "完善冰雪旅游配套设施",
            "丰富冬季旅游产品",
            "开发冰雪旅游线路",
            "提升旅游服务水平",
            "加大冰雪旅游宣传",
        ],
    },
    "城市供暖": {
        "subjects": ["供热", "供暖", "供热企业", "暖气", "城市供暖", "集中供热"],
        "problems": ["服务响应慢", "能耗偏高", "燃煤污染重", "设备维护不及时", "信息公开不够"],
        "measures": [
            "加强供热质量监管",
            "推进清洁供暖",
            "提升供热服务水平",
            "建立供热投诉处理机制",
            "推进供热企业改革",
        ],
    },
    "农村饮水安全": {
        "subjects": ["农村饮水", "供水工程", "自来水", "饮用水", "水源", "农村供水"],
        "problems": ["管护不到位", "水量不足", "设施老化", "水费收缴难", "水源保护不力"],
        "measures": [
            "加强农村供水工程建设",
            "完善供水工程管护机制",
            "推进城乡供水一体化",
            "落实饮水安全保障责任",
            "加强水源地保护",
        ],
    },
    "朝鲜族非遗": {
        "subjects": [
            "朝鲜族非遗",
            "非遗传承人",
            "民族文化",
            "非物质文化遗产",
            "传统技艺",
            "民俗活动",
            "非遗项目",
        ],
        "problems": [
            "保护经费不足",
            "展示平台缺乏",
            "宣传力度不够",
            "数字化程度低",
            "研究力量薄弱",
        ],
        "measures": [
            "加强非遗保护传承",
            "建设非遗展示场所",
            "促进非遗与旅游融合",
            "加强非遗理论研究",
            "举办民俗文化活动",
        ],
    },
    "边境口岸": {
        "subjects": ["口岸", "边境贸易", "口岸设施", "跨境运输", "边境旅游", "沿边开放"],
        "problems": ["基础设施落后", "贸易规模小", "配套服务不足", "政策支持不够", "产业支撑弱"],
        "measures": [
            "完善口岸基础设施",
            "扩大边境贸易",
            "推进沿边开放",
            "优化口岸营商环境",
            "发展口岸经济",
        ],
    },
    "停车交通": {
        "subjects": ["停车位", "停车场", "城区交通", "道路", "车辆", "交通秩序"],
        "problems": ["停车难", "交通拥堵", "乱停乱放", "道路破损", "标识不清", "管理混乱"],
        "measures": [
            "增加停车供给",
            "加强交通秩序管理",
            "推进智慧停车",
            "改造城区道路",
            "完善交通标识",
        ],
    },
    "中小学课后服务": {
        "subjects": ["课后服务", "中小学", "学生", "学校", "家长", "校园"],
        "problems": ["场地不足", "安全隐患", "家长接送难", "管理不规范", "信息化水平低"],
        "measures": [
            "规范课后服务管理",
            "加强校园安全管理",
            "改善办学条件",
            "加强家校沟通",
            "推进智慧校园建设",
        ],
    },
    "养老服务": {
        "subjects": ["养老服务", "老年人", "养老机构", "居家养老", "留守老人", "老龄事业"],
        "problems": ["服务供给不足", "设施简陋", "收费偏高", "覆盖面窄", "信息化水平低"],
        "measures": [
            "完善养老服务体系",
            "加大养老服务投入",
            "发展居家养老",
            "推进智慧养老",
            "加强养老机构监管",
        ],
    },
    "医保": {
        "subjects": ["医保", "医疗保障", "参保人员", "定点医疗机构", "医保经办"],
        "problems": ["政策宣传不到位", "经办服务能力弱", "信息系统不完善", "药品目录更新慢"],
        "measures": ["优化医保服务", "加强医保政策宣传", "提升医保经办能力", "完善医保信息系统"],
    },
    "黄牛产业": {
        "subjects": ["延边黄牛", "肉牛", "黄牛养殖", "养殖户", "牛肉", "养殖场"],
        "problems": ["养殖规模小", "防疫体系薄弱", "饲养技术落后", "市场信息不畅"],
        "measures": ["壮大黄牛产业", "加强动物防疫", "推广科学饲养技术", "建设标准化养殖小区"],
    },
    "生态保护": {
        "subjects": ["生态环境", "森林资源", "大气环境", "湿地", "土壤环境", "垃圾处理"],
        "problems": ["保护与发展矛盾", "监管力量不足", "治理资金缺乏", "群众意识不强"],
        "measures": ["加强生态环境保护", "推进污染防治", "加强环境执法", "推进绿色发展"],
    },
    "乡村振兴": {
        "subjects": [
            "乡村振兴",
            "村集体经济",
            "农民收入",
            "农村基础设施",
            "特色农业",
            "农村电商",
            "合作社",
        ],
        "problems": ["产业基础薄弱", "人才短缺", "资金不足", "基础设施落后", "带动能力弱"],
        "measures": [
            "发展特色产业",
            "壮大村集体经济",
            "加强农村人才队伍建设",
            "改善农村人居环境",
            "推动农村电商发展",
        ],
    },
    "营商环境": {
        "subjects": ["营商环境", "中小企业", "民营企业", "政务服务", "审批事项", "企业用工"],
        "problems": [
            "办事效率不高",
            "融资难融资贵",
            "政策落实不到位",
            "用工成本高",
            "服务意识不强",
        ],
        "measures": [
            "优化营商环境",
            "深化放管服改革",
            "加大对中小企业支持",
            "推进一网通办",
            "落实惠企政策",
        ],
    },
    "人才就业": {
        "subjects": ["人才", "专业技术人才", "就业", "劳务输出", "技能培训", "创业"],
        "problems": ["就业岗位不足", "待遇偏低", "培训针对性不强", "创业扶持不够"],
        "measures": ["扩大就业岗位", "加强技能培训", "提高人才待遇", "优化创业环境"],
    },
}
TOPIC_NAMES = list(TOPICS)


def _name(rng: random.Random) -> str:
    return rng.choice(NAME_CHARS) + rng.choice(NAME_CHARS) + rng.choice(NAME_SUFFIXES)


def synthesize(n: int, seed: int = 20240301) -> list[tuple[str, str, str]]:
    """``n`` synthetic proposals ``(id, title, body)``, deterministic for a seed."""
    rng = random.Random(seed)
    docs = []
    for i in range(n):
        topic = TOPICS[rng.choice(TOPIC_NAMES)]
        place = rng.choice(PLACES)
        subject = rng.choice(topic["subjects"])
        problem = rng.choice(topic["problems"])
        measure = rng.choice(topic["measures"])
        name = _name(rng)
        title = rng.choice(
            [
                f"关于{measure}的建议",
                f"关于解决{place}{subject}{problem}问题的建议",
                f"关于{place}{name}{subject}{problem}的建议",
                f"关于{rng.choice(['加强', '推进', '完善', '规范'])}{place}{subject}工作的建议",
            ]
        )
        sentences = [
            f"{place}{name}一带{subject}{problem}，{rng.choice(GENERIC)}。",
            f"据{rng.choice(DEPARTMENTS)}统计，{rng.randint(2015, 2025)}年全{place[-1]}"
            f"{rng.choice(topic['subjects'])}涉及{rng.randint(3, 900)}户、{rng.randint(2, 99)}个村，"
            f"{rng.choice(topic['problems'])}的情况占{rng.randint(5, 80)}%。",
            f"{_name(rng)}的群众反映，{rng.choice(topic['subjects'])}{rng.choice(topic['problems'])}，"
            f"{rng.choice(GENERIC)}。",
            f"建议{rng.choice(DEPARTMENTS)}{measure}，{rng.choice(topic['measures'])}。",
            f"同时{rng.choice(topic['measures'])}，在{rng.choice(PLACES)}{_name(rng)}先行试点，"
            f"每年安排资金{rng.randint(50, 3000)}万元。",
            f"{rng.choice(GENERIC)}，{rng.choice(GENERIC)}。",
        ]
        body = "".join(rng.sample(sentences, rng.randint(3, 5)))
        docs.append((f"s{i}", title, body))
    return docs


def _tokenize(item: tuple[str, str, str]) -> tuple[str, list[str], list[str]]:
    proposal_id, title, body = item
    return proposal_id, segment.tokens(title), segment.tokens(body)


def _rss_mib() -> float:
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q / 100 * (len(ordered) - 1)))]


def _timed_queries(
    index: ProposalIndex, queries: list[tuple[str, str, str]]
) -> tuple[list[float], list[float]]:
    """Wall-clock and CPU milliseconds of each lookup (CPU time shows the cost without the
    noise of other processes on the machine)."""
    wall, cpu = [], []
    for proposal_id, title, body in queries:
        t0, c0 = time.perf_counter(), time.thread_time()
        index.query(title, body, top=5, exclude_id=proposal_id)
        cpu.append((time.thread_time() - c0) * 1000)
        wall.append((time.perf_counter() - t0) * 1000)
    return wall, cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--docs", type=int, default=100_000)
    parser.add_argument("--queries", type=int, default=1_000)
    parser.add_argument("--seed", type=int, default=20240301)
    parser.add_argument("--processes", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--no-eval", action="store_true", help="skip recall/MRR at scale")
    parser.add_argument("--json", action="store_true", help="print the results as one JSON line")
    parser.add_argument(
        "--tokens-cache",
        metavar="FILE",
        help="reuse (or write) the segmented corpus as a pickle, to skip re-segmenting",
    )
    args = parser.parse_args()

    segment.warm_up()
    labelled = load_labelled(EVAL_SET)
    rss_start = _rss_mib()

    started = time.perf_counter()
    docs = synthesize(args.docs, args.seed)
    synth_s = time.perf_counter() - started
    items = docs + [(str(it["id"]), it["title"], it["body"]) for it in labelled]
    chars = sum(len(t) + len(b) for _, t, b in items)

    cache = Path(args.tokens_cache) if args.tokens_cache else None
    tokenize_s: float | None = None
    if cache and cache.exists():
        with cache.open("rb") as handle:
            tokenized = pickle.load(handle)  # noqa: S301 - our own file
    else:
        started = time.perf_counter()
        if args.processes > 1:
            with multiprocessing.get_context("fork").Pool(args.processes) as pool:
                tokenized = pool.map(_tokenize, items, chunksize=200)
        else:
            tokenized = [_tokenize(item) for item in items]
        tokenize_s = time.perf_counter() - started
        if cache:
            with cache.open("wb") as handle:
                pickle.dump(tokenized, handle)
    gc.collect()
    rss_tokens = _rss_mib()
    # Segmentation throughput on one core, in CPU time (a wall-clock figure on a busy machine
    # says more about the neighbours than about jieba).
    sample = items[:2000]
    cpu_started = time.process_time()
    for item in sample:
        _tokenize(item)
    sample_cpu = time.process_time() - cpu_started
    segment_rate = sum(len(t) + len(b) for _, t, b in sample) / sample_cpu

    started = time.perf_counter()
    cpu_started = time.process_time()
    index = ProposalIndex()
    for proposal_id, title_tokens, body_tokens in tokenized:
        index.add_tokens(proposal_id, title_tokens, body_tokens)
    index.compact()
    index_s = time.perf_counter() - started
    index_cpu_s = time.process_time() - cpu_started
    gc.collect()
    rss_built = _rss_mib()
    del tokenized
    stats = index.stats()

    rng = random.Random(args.seed + 1)
    synthetic_queries = rng.sample(docs, min(len(docs), args.queries - args.queries // 2))
    labelled_queries = [rng.choice(labelled) for _ in range(args.queries // 2)]
    queries = [(d[0], d[1], d[2]) for d in synthetic_queries] + [
        (str(it["id"]), it["title"], it["body"]) for it in labelled_queries
    ]
    rng.shuffle(queries)
    for proposal_id, title, body in queries[:20]:  # warm caches
        index.query(title, body, top=5, exclude_id=proposal_id)
    load_before = os.getloadavg()[0]
    wall, cpu = _timed_queries(index, queries)
    # The longest proposals (the usual cap is 2,000 characters): bodies of several proposals.
    long_queries = [
        (f"long-{n}", "关于" + rng.choice(docs)[1], "".join(rng.choice(docs)[2] for _ in range(12)))
        for n in range(100)
    ]
    long_wall, long_cpu = _timed_queries(index, long_queries)
    load_after = os.getloadavg()[0]

    # Add one proposal, as when a draft is submitted; the next lookup scores it directly.
    t0 = time.perf_counter()
    index.add(
        "new-1", "关于缓解延吉西市场周边停车难的建议", "西市场周边停车位不足，建议建设立体停车库。"
    )
    add_ms = (time.perf_counter() - t0) * 1000
    index.remove("new-1")  # it is a near-duplicate of a labelled cluster: keep step 4 clean

    result: dict[str, object] = {
        "docs": len(items),
        "chars": chars,
        "synthesise_s": round(synth_s, 1),
        "tokenize_s": round(tokenize_s, 1) if tokenize_s is not None else "cached",
        "processes": args.processes,
        "segment_kchars_per_cpu_s": round(segment_rate / 1000),
        "segment_all_cpu_s": round(chars / segment_rate),
        "index_build_s": round(index_s, 1),
        "index_build_cpu_s": round(index_cpu_s, 1),
        "rss_start_mib": round(rss_start),
        "rss_tokens_mib": round(rss_tokens),
        "rss_index_mib": round(rss_built - rss_tokens),
        "index_arrays_mib": round(stats["array_bytes"] / 2**20),
        "terms": stats["terms"],
        "postings": stats["postings"],
        "queries": len(wall),
        "p50_ms": round(_percentile(wall, 50), 2),
        "p95_ms": round(_percentile(wall, 95), 2),
        "p99_ms": round(_percentile(wall, 99), 2),
        "max_ms": round(max(wall), 2),
        "cpu_p50_ms": round(_percentile(cpu, 50), 2),
        "cpu_p95_ms": round(_percentile(cpu, 95), 2),
        "cpu_p99_ms": round(_percentile(cpu, 99), 2),
        "long_query_chars": round(statistics.mean(len(b) for _, _, b in long_queries)),
        "long_p95_ms": round(_percentile(long_wall, 95), 2),
        "long_cpu_p95_ms": round(_percentile(long_cpu, 95), 2),
        "add_one_ms": round(add_ms, 2),
        "loadavg_1min": f"{load_before:.1f} → {load_after:.1f} (on {os.cpu_count()} cores)",
    }

    if not args.no_eval:
        clusters: dict[str, set[str]] = {}
        for it in labelled:
            if it["cluster"]:
                clusters.setdefault(it["cluster"], set()).add(str(it["id"]))
        results = []
        for it in labelled:
            if not it["cluster"]:
                continue
            mates = frozenset(clusters[it["cluster"]] - {str(it["id"])})
            ranking = index.query(it["title"], it["body"], top=10, exclude_id=str(it["id"]))
            results.append(QueryResult(id=str(it["id"]), mates=mates, ranking=ranking))
        evaluation = Evaluation(k=5, queries=results)
        result["eval_recall_at_5"] = round(evaluation.recall, 4)
        result["eval_mrr"] = round(evaluation.mrr, 4)

    if args.json:
        print(json.dumps(result, ensure_ascii=False))
    else:
        for key, value in result.items():
            print(f"{key:>18}: {value}")


if __name__ == "__main__":
    main()
