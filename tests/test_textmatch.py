"""The text matcher: normalisation, segmentation, the similarity index, the batch command and
the quality floors on the labelled set (tests/data/textmatch_eval.jsonl)."""

from __future__ import annotations

import io
import json
import tempfile
import threading
import unicodedata
from collections import Counter
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from ningju.textmatch import segment
from ningju.textmatch.batch import BatchInputError, read_items, similar_for_batch
from ningju.textmatch.evaluation import evaluate, load_labelled
from ningju.textmatch.index import ProposalIndex
from ningju.textmatch.management.commands.textmatch import Command
from ningju.textmatch.normalize import normalize, search_variants, strip_html, to_simplified

EVAL_SET = Path(__file__).resolve().parent / "data" / "textmatch_eval.jsonl"

# Measured 2026-11 with the default weights: recall@5 0.983, MRR 0.947 (docs/textmatch.md).
RECALL_AT_5_FLOOR = 0.95
MRR_FLOOR = 0.90


# --------------------------------------------------------------------------- normalisation


def test_normalize_converts_traditional_to_simplified() -> None:
    assert (
        normalize("關於延邊琿春圈河口岸貨運通道擁堵的建議")
        == "关于延边珲春圈河口岸货运通道拥堵的建议"
    )
    assert normalize("加強人蔘種植監管") == "加强人参种植监管"


def test_normalize_folds_full_width_and_lowercases_latin() -> None:
    assert normalize("Ｇ１２高速，５Ｇ网络（试点）") == "g12高速,5g网络(试点)"


def test_normalize_strips_html_entities_scripts_and_whitespace() -> None:
    html = (
        "<p>延吉&nbsp;西市场</p><p>停车&amp;交通</p><script>alert('x')</script>"
        "<style>p{color:red}</style>\u200b  多个\n\t空格 "
    )
    assert normalize(html) == "延吉 西市场 停车&交通 多个 空格"


def test_normalize_separates_block_elements() -> None:
    # Without a break the two places would read as one word.
    assert normalize("<div>延吉</div><div>图们</div>") == "延吉 图们"
    assert normalize("延吉<br>图们") == "延吉 图们"


def test_strip_html_leaves_plain_text_with_angle_brackets_alone() -> None:
    assert strip_html("1<2 且 3>2") == "1<2 且 3>2"
    assert strip_html("停车&amp;交通") == "停车&交通"
    assert normalize("") == ""
    assert strip_html("") == ""


def test_existing_search_functions_keep_their_behaviour() -> None:
    assert to_simplified(" 延邊ＡＢ ") == "延边AB"
    assert search_variants("延邊") == ["延邊", "延边"]
    assert search_variants("延边") == ["延边"]


# --------------------------------------------------------------------------- segmentation


@pytest.mark.parametrize(
    "term",
    [
        "长白山人参",
        "有事来商量",
        "一委一品",
        "委员联络站",
        "书香政协",
        "第一议题",
        "社情民意",
        "布尔哈通河",
        "延边黄牛",
        "苹果梨",
        "圈河口岸",
        "十大产业集群",
    ],
)
def test_user_dictionary_terms_stay_whole(term: str) -> None:
    text = f"建议围绕{term}开展协商"
    assert term in segment.words(text)
    assert term in segment.tokens(text)


def test_user_dictionary_fixes_known_mis_split() -> None:
    # jieba's own dictionary reads 实践/中干/出新/成效.
    assert "中干" not in segment.words("在实践中干出新成效")


def test_user_dictionary_is_curated_and_large_enough() -> None:
    lines = [
        line.split()
        for line in segment.USER_DICT.read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    ]
    words = [parts[0] for parts in lines]
    assert len(words) >= 150
    assert len(words) == len(set(words)), "duplicate entries"
    tags = Counter(parts[2] for parts in lines)
    assert tags["ns"] >= 40  # Yanbian places


def test_traditional_and_simplified_text_give_the_same_tokens() -> None:
    assert segment.tokens("關於延邊黃牛產業的建議") == segment.tokens("关于延边黄牛产业的建议")


def test_tokens_drop_stopwords_and_punctuation_and_add_bigrams() -> None:
    tokens = segment.tokens("关于缓解延吉市西市场周边停车难的建议。")
    assert "关于" not in tokens
    assert "建议" not in tokens
    assert "的" not in tokens
    assert "。" not in tokens
    assert {"延吉市", "延吉", "西市场", "停车难"} <= set(tokens)
    assert segment.BIGRAM_PREFIX + "西市" in tokens
    # A lone list number is not content; a road number is.
    assert "302" in segment.tokens("1、302国道")
    assert "1" not in segment.tokens("1、302国道")


def test_term_kinds() -> None:
    kinds = segment.Kind
    assert segment.term_kind("珲春") is kinds.PLACE
    assert segment.term_kind("长白山人参") is kinds.ENTITY
    assert segment.term_kind("302") is kinds.NUMBER
    assert segment.term_kind(segment.BIGRAM_PREFIX + "西市") is kinds.BIGRAM
    assert segment.term_kind("停车难") is kinds.WORD


def test_jieba_cache_is_written_outside_site_packages() -> None:
    tokenizer = segment._get().tokenizer
    assert tokenizer.tmp_dir
    assert "site-packages" not in tokenizer.tmp_dir
    assert Path(tokenizer.tmp_dir).is_dir()


# --------------------------------------------------------------------------- the index

PARKING = [
    (
        "west-1",
        "关于缓解延吉西市场周边停车难的建议",
        "西市场周边停车位严重不足，车辆乱停乱放。建议在西市场附近建设立体停车库。",
    ),
    (
        "hospital",
        "关于解决延边医院周边停车难的建议",
        "延边大学附属医院停车场车位有限，就医车辆排长队。建议建设公共停车楼。",
    ),
    (
        "old-estate",
        "关于延吉市老旧小区停车位不足的建议",
        "延吉市老旧小区停车位严重不足，居民车辆乱停乱放。建议建设立体停车库。",
    ),
    (
        "hunchun",
        "关于珲春市城区停车难的建议",
        "珲春市城区停车位严重不足，车辆乱停乱放。建议建设立体停车库。",
    ),
    ("ginseng", "关于建立长白山人参质量追溯体系的建议", "为每批人参赋予二维码，实现全程可查。"),
]


@pytest.fixture(scope="module")
def parking_index() -> ProposalIndex:
    index = ProposalIndex()
    for proposal_id, title, body in PARKING:
        index.add(proposal_id, title, body)
    return index


def test_near_duplicate_ranks_above_same_topic_proposals(parking_index: ProposalIndex) -> None:
    # The same matter (西市场) in other words, against proposals sharing the topic's wording.
    ranking = parking_index.query(
        "關於西市場一帶停車難的建議", "去西市場購物的車輛找不到車位，建議修建停車樓。", top=5
    )
    ids = [proposal_id for proposal_id, _ in ranking]
    assert ids[0] == "west-1"
    assert "ginseng" not in ids
    assert all(0.0 < score <= 1.0 for _, score in ranking)
    assert [score for _, score in ranking] == sorted((score for _, score in ranking), reverse=True)


def test_different_place_scores_below_same_place(parking_index: ProposalIndex) -> None:
    scores = dict(
        parking_index.query(
            "关于延吉市城区停车难的建议", "延吉市城区停车位严重不足，车辆乱停乱放。", top=5
        )
    )
    assert scores["old-estate"] > scores["hunchun"]


def test_identical_text_scores_one_and_exclude_id_leaves_it_out(
    parking_index: ProposalIndex,
) -> None:
    _, title, body = PARKING[0]
    assert parking_index.query(title, body, top=1) == [("west-1", pytest.approx(1.0))]
    assert "west-1" not in dict(parking_index.query(title, body, exclude_id="west-1"))


def test_query_edge_cases(parking_index: ProposalIndex) -> None:
    assert parking_index.query("", "", top=5) == []
    assert parking_index.query("完全无关的内容", "量子计算", top=5) == []
    assert parking_index.query("停车难", "", top=0) == []
    assert len(parking_index.query("停车难", "停车位", top=2)) == 2
    assert ProposalIndex().query("停车难", "") == []


def test_add_replace_remove_and_compact_agree() -> None:
    index = ProposalIndex(pending_limit=2)
    index.add(1, "关于延边黄牛保种的建议", "纯种延边黄牛数量下降，建议建设保种场。")
    index.add(2, "关于苹果梨老果园改造的建议", "龙井苹果梨树龄老化。")
    index.add(3, "关于延边黄牛屠宰加工的建议", "建设屠宰加工企业。")
    assert len(index) == 3
    assert 2 in index
    query = ("延边黄牛保种场建设", "防止延边黄牛品种退化")
    before = index.query(*query)
    index.compact()
    assert index.query(*query) == before
    assert before[0][0] == 1

    index.add(1, "关于苹果梨病害防治的建议", "苹果梨腐烂病严重。")  # replaces id 1
    assert len(index) == 3
    assert index.query(*query)[0][0] == 3
    assert index.remove(3) is True
    assert index.remove(3) is False
    assert 3 not in dict(index.query(*query))
    for n in range(10):  # pending_limit=2: lookups rebuild the inverted index on the way
        index.add(f"extra-{n}", f"关于图们江水质监测的建议{n}", "图们江水质监测。")
        index.query("图们江", "")
    assert index.stats()["proposals"] == 12
    assert dict(index.query("苹果梨腐烂病", ""))[1] > 0


def test_index_is_usable_from_several_threads() -> None:
    index = ProposalIndex(pending_limit=5)
    errors: list[BaseException] = []

    def work(worker: int) -> None:
        try:
            for n in range(15):
                index.add(
                    (worker, n), f"关于延吉市停车难的建议{n}", f"延吉市第{worker}街道停车难。"
                )
                index.query("延吉市停车难", "停车位不足", top=3)
                if n % 4 == 0:
                    index.remove((worker, n))
        except BaseException as error:  # pragma: no cover - reported below
            errors.append(error)

    threads = [threading.Thread(target=work, args=(worker,)) for worker in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    assert len(index) == 4 * 11


# --------------------------------------------------------------------------- batch and command

BATCH = [
    {"id": 1, "title": "关于缓解延吉西市场周边停车难的建议", "body": "西市场周边停车位严重不足。"},
    {
        "id": "提案b",
        "title": "關於解決西市場一帶停車難的建議",
        "body": "去西市場購物的車輛找不到車位。",
    },
    {"id": 3.5, "title": "关于加强延边黄牛种质资源保护的建议", "body": "纯种延边黄牛数量下降。"},
    {"id": 4, "title": "关于防止延边黄牛品种退化的建议", "body": "延边黄牛杂交导致品种退化。"},
]


def test_similar_for_batch_output_shape() -> None:
    results = similar_for_batch(BATCH, top=2)
    assert [r["id"] for r in results] == [1, "提案b", 3.5, 4]  # input order, JSON types kept
    assert next(s["id"] for s in results[0]["similar"]) == "提案b"
    assert next(s["id"] for s in results[2]["similar"]) == 4
    for result in results:
        assert set(result) == {"id", "similar"}
        assert len(result["similar"]) == 2
        assert result["id"] not in [s["id"] for s in result["similar"]]
        scores = [s["score"] for s in result["similar"]]
        assert scores == sorted(scores, reverse=True)
        for entry in result["similar"]:
            assert set(entry) == {"id", "score"}
            assert isinstance(entry["score"], float)
            assert 0.0 <= entry["score"] <= 1.0
            assert entry["score"] == round(entry["score"], 4)


def test_similar_for_batch_returns_fewer_than_k_when_the_batch_is_small() -> None:
    assert similar_for_batch(BATCH[:2], top=5)[0]["similar"] == [
        {"id": "提案b", "score": similar_for_batch(BATCH[:2], top=5)[1]["similar"][0]["score"]}
    ]
    assert similar_for_batch(BATCH[:1], top=5) == [{"id": 1, "similar": []}]
    assert similar_for_batch([], top=5) == []


def test_similar_for_batch_pads_with_unrelated_items_in_input_order() -> None:
    results = similar_for_batch(BATCH, top=3)
    first = results[0]["similar"]
    assert first[0]["id"] == "提案b"
    assert first[0]["score"] > 0
    assert [s["id"] for s in first[1:]] == [3.5, 4]
    assert [s["score"] for s in first[1:]] == [0.0, 0.0]


def test_read_items_validates_lines() -> None:
    assert read_items(['{"id": "x"}', "", '  {"id": 2, "title": null}']) == [
        {"id": "x", "title": "", "body": ""},
        {"id": 2, "title": "", "body": ""},
    ]
    for lines, line, message in [
        (['{"id": 1}', "{bad"], 2, "invalid JSON"),
        (["[1, 2]"], 1, "JSON object"),
        (['{"title": "x"}'], 1, 'missing "id"'),
        (['{"id": true}'], 1, "string or a number"),
        (['{"id": [1]}'], 1, "string or a number"),
        (['{"id": 1, "body": 5}'], 1, '"body" must be a string'),
    ]:
        with pytest.raises(BatchInputError) as error:
            read_items(lines)
        assert error.value.line == line
        assert message in str(error.value)


def _write_jsonl(lines: list[str]) -> str:
    handle = tempfile.NamedTemporaryFile(  # noqa: SIM115 - closed below, removed by the OS
        "w", suffix=".jsonl", delete=False, encoding="utf-8"
    )
    handle.write("".join(line + "\n" for line in lines))
    handle.close()
    return handle.name


def test_command_prints_one_json_line_per_item() -> None:
    path = _write_jsonl([json.dumps(item, ensure_ascii=False) for item in BATCH])
    out = io.StringIO()
    call_command(Command(), "similar", "--input", path, "--top", "2", stdout=out)
    lines = out.getvalue().splitlines()
    assert len(lines) == 4
    parsed = [json.loads(line) for line in lines]
    assert parsed == similar_for_batch(BATCH, top=2)
    assert lines[0].startswith('{"id": 1, "similar": [{"id": "提案b", "score": 0.')
    assert lines[2].startswith('{"id": 3.5, "similar": [{"id": 4, "score": 0.')


def test_command_is_found_by_name_when_the_app_is_installed() -> None:
    from django.apps import apps

    if not apps.is_installed("ningju.textmatch"):
        pytest.skip('add "ningju.textmatch.apps.TextmatchConfig" to INSTALLED_APPS')
    path = _write_jsonl([json.dumps(item, ensure_ascii=False) for item in BATCH])
    out = io.StringIO()
    call_command("textmatch", "similar", "--input", path, "--top", "2", stdout=out)
    assert [json.loads(line) for line in out.getvalue().splitlines()] == similar_for_batch(
        BATCH, top=2
    )


def test_command_with_empty_file_prints_nothing() -> None:
    out = io.StringIO()
    call_command(Command(), "similar", "--input", _write_jsonl([]), "--top", "3", stdout=out)
    assert out.getvalue() == ""


def test_command_invalid_json_exits_2_naming_the_line(capsys: pytest.CaptureFixture[str]) -> None:
    path = _write_jsonl([json.dumps(BATCH[0], ensure_ascii=False), "", "{not json"])
    with pytest.raises(CommandError, match="line 3: invalid JSON") as error:
        call_command(Command(), "similar", "--input", path)
    assert error.value.returncode == 2

    with pytest.raises(SystemExit) as exit_:
        Command().run_from_argv(["ningju", "textmatch", "similar", "--input", path, "--top", "2"])
    assert exit_.value.code == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert "line 3" in captured.err
    assert "invalid JSON" in captured.err


def test_command_rejects_missing_file_and_bad_top(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(CommandError) as error:
        call_command(Command(), "similar", "--input", "/nonexistent/batch.jsonl")
    assert error.value.returncode == 2
    with pytest.raises(SystemExit) as exit_:
        Command().run_from_argv(
            ["ningju", "textmatch", "similar", "--input", _write_jsonl([]), "--top", "0"]
        )
    assert exit_.value.code == 2
    assert "positive integer" in capsys.readouterr().err


# --------------------------------------------------------------------------- quality floors


def test_labelled_set_is_well_formed() -> None:
    items = load_labelled(EVAL_SET)
    assert len(items) >= 120
    assert len({item["id"] for item in items}) == len(items)
    sizes = Counter(item["cluster"] for item in items if item["cluster"])
    assert len(sizes) >= 30
    assert all(2 <= size <= 4 for size in sizes.values())
    assert sum(1 for item in items if not item["cluster"]) >= 30  # distractors
    traditional = [
        item
        for item in items
        if to_simplified(item["body"]) != unicodedata.normalize("NFKC", item["body"]).strip()
    ]
    assert len(traditional) >= 10


def test_recall_and_mrr_floors_on_the_labelled_set() -> None:
    evaluation = evaluate(load_labelled(EVAL_SET), k=5)
    assert len(evaluation.queries) >= 90
    assert evaluation.recall >= RECALL_AT_5_FLOOR, evaluation.misses()
    assert evaluation.mrr >= MRR_FLOOR, evaluation.misses()
