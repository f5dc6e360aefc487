package dev.lifeline.validation;

import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The refusal wordings {@link RefusalPhrases} looks for, language by language, as compiled
 * patterns.
 *
 * <p>Every pattern runs on normalized text (lower case, straight apostrophes, single blanks; see
 * {@link RefusalPhrases#normalize(String)}). The shape is the same in every language: a
 * first-person subject, a negated "can"/"may"/"will", then a verb of <em>assisting</em> (help,
 * provide, answer, write...). Requiring that verb is what lets "I can't stress enough", "I can't
 * believe" and "I'm unable to reproduce the bug" through: they negate something other than the
 * model's help. A few fixed refusals need no verb ("I must decline", "je dois refuser", "我必须拒绝").
 *
 * <p>Constants only; immutable and thread-safe.
 */
final class RefusalPatterns {

  private static final int FLAGS =
      Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE | Pattern.UNICODE_CHARACTER_CLASS;

  private RefusalPatterns() {}

  /** {@code (?:a|b|c)}: one of the alternatives, each a regular expression. */
  private static String anyOf(String... alternatives) {
    return "(?:" + String.join("|", alternatives) + ")";
  }

  private static Pattern compile(String... parts) {
    return Pattern.compile(String.join("", parts), FLAGS);
  }

  /**
   * A refusal pattern and its cues: literal words, at least one of which every match contains.
   *
   * <p>The cues let {@link RefusalPhrases} skip the regular expressions on an answer that holds
   * none of them, which is almost every answer: running the patterns costs hundreds of
   * microseconds, looking for the cues well under one. A cue is lower case, as the normalized text
   * is, and a blank in it stands for any run of blanks. <b>A cue list must cover every alternative
   * of its pattern</b>: a pattern that can match without any of its cues would be skipped where it
   * should fire. {@code RefusalCuesTest} checks that skipping never changes a finding.
   *
   * <p>A pattern may name a second list, {@code alsoCues}, at least one of which every match
   * contains as well: the English first-person patterns need an "i" as well as a "not", and "not"
   * alone is in a great many ordinary answers ("you do not need to send it back").
   *
   * @param pattern the compiled pattern, matched on normalized text
   * @param cues the words, none empty and none starting with a blank
   * @param alsoCues a second list of such words, every match holding one of each list; empty when
   *     the first list is the only one
   */
  record Phrase(Pattern pattern, List<String> cues, List<String> alsoCues) {}

  /** {@code cues} separated by {@code |}; the pattern from {@code parts}, as {@link #compile}. */
  private static Phrase phrase(String cues, String... parts) {
    return new Phrase(compile(parts), List.of(cues.split("\\|")), List.of());
  }

  /**
   * {@link #phrase}, for a pattern every match of which also holds the word "i" followed by a blank
   * or an apostrophe ("i can't", "i'm not").
   */
  private static Phrase firstPerson(String cues, String... parts) {
    return new Phrase(compile(parts), List.of(cues.split("\\|")), List.of("i ", "i'"));
  }

  // ---- English ----

  /**
   * Verbs of assisting. "help" is left out where it is idiom ("can't help but", "can't help
   * thinking"); "tell you how" is the idiom "I can't tell you how much..."; "access", "see", "find"
   * and "reproduce" are left out on purpose: "I can't access your screen, but..." precedes help.
   */
  static final String EN_ACTION =
      anyOf(
              "help(?! but\\b| (?:noticing|thinking|wondering|feeling|laughing|smiling|myself)\\b)",
              "assist|comply|provide|fulfill?|answer|respond|generate|create|write",
              "produce|share|give|offer|tell you(?! how\\b)|disclose|reveal",
              "complete (?:this|that|your)|do (?:that|this|it|so|what)|engage",
              "participate|continue|process (?:this|that|your)|draft|endorse|discuss",
              "make (?:that|this|it)|perform|carry out|facilitate|accommodate|grant",
              "support (?:that|this|you)|be of (?:help|assistance)|go along",
              "honou?r (?:this|that|your)")
          + "\\b";

  private static final String EN_SUBJECT = "\\bi(?:'m|'ll|'d| am| will| would)? ";

  private static final String EN_NEGATED =
      anyOf(
          "can't|cannot|can not|won't be able to|will not be able to|won't",
          "will not|be unable to|unable to|not able to|not be able to",
          "not in a position to|not allowed to|not permitted to|not going to",
          "rather not|prefer not to");

  private static final String EN_SOFTENER =
      "(?:(?:really|truly|simply|just|unfortunately|currently|honestly) )?";

  private static final String EN_ADVERB =
      "(?: "
          + anyOf(
              "really|currently|directly|personally|actually|ethically|legally",
              "responsibly|safely|further|in good conscience|fully|otherwise")
          + ")?";

  private static final String EN_GERUND =
      anyOf(
          "helping|assisting|completing|providing|writing|creating|generating",
          "sharing|answering|doing|fulfilling|continuing|producing|drafting",
          "engaging|discussing");

  private static final List<Phrase> ENGLISH =
      List.of(
          // "I'm sorry, but I can't help with that", "I'd rather not help with this one"
          firstPerson(
              "n't|not|unable", EN_SUBJECT, EN_SOFTENER, EN_NEGATED, EN_ADVERB, " ", EN_ACTION),
          // "I must decline", "I'm going to have to pass on this one"
          firstPerson(
              "decline|refuse|pass on",
              "\\bi(?:'m| am)? ",
              anyOf(
                  "must|have to|need to|will have to|'ll have to",
                  "(?:'m|am) going to have to|(?:would|'d) have to|respectfully|politely"),
              " (?:respectfully |politely )?(?:decline|refuse|pass on (?:this|that))\\b"),
          // "I won't be completing it"
          firstPerson(
              "n't|not",
              "\\bi(?:'m| am)? (?:won't be|will not be|not going to be) ",
              EN_GERUND,
              "\\b"),
          // "I'm not comfortable writing that"
          firstPerson(
              "comfortable",
              "\\bi(?:'m| am| do not| don't) (?:not )?(?:feel )?comfortable ",
              anyOf("with (?:that|this|your)", EN_GERUND),
              "\\b"),
          // "that falls outside what I'm able to help with", "beyond my capabilities"
          phrase(
              "outside|beyond",
              // The verb is part of the match: "falls" is also German for "if", a subordinator.
              "\\b(?:(?:falls?|is|that's|this is|it's) )?(?:outside|beyond) (?:of )?",
              anyOf(
                  "what i(?:'m| am)? (?:able to|can|allowed to) (?:help|assist|do|provide)",
                  "the scope of what i can",
                  "my (?:scope|capabilities|remit|guidelines)")),
          // "this request goes against my guidelines"
          phrase(
              "against|violates|conflicts",
              "\\b(?:request|this|that|it) ",
              anyOf("goes against|violates|is against|conflicts with"),
              " my (?:guidelines|policies|principles|programming|rules)\\b"),
          // "that's not something I can help with", "not a request I can help with"
          firstPerson(
              "not|n't",
              "\\b(?:'s not|is not|isn't|are not|aren't) ",
              "(?:something|anything|an? (?:request|question|task|topic|thing)) (?:that )?i ",
              anyOf("can|could|am able to|'m able to|will be able to"),
              " (?:help|assist|do|provide|support|answer)\\b"),
          // "I don't think I can help with this"
          firstPerson(
              "n't|not",
              "\\bi (?:don't|do not) think i (?:can|could|should|am able to|'m able to) ",
              EN_ACTION));

  // ---- Spanish, Portuguese, Italian ----

  private static final List<Phrase> ROMANCE =
      List.of(
          // "no puedo ayudarte", "eso no lo puedo hacer", "lamento no poder ayudarte"
          phrase(
              "no ",
              "\\bno (?:(?:lo|la|le|te|les|os) )?",
              anyOf(
                  "puedo|podré|poder|voy a|me es posible|me resulta posible",
                  "estoy en condiciones de|estoy autorizad[oa] (?:a|para)|tengo permitido",
                  "se me permite|soy capaz de"),
              "(?: (?:te|le|les|os|lo|la))? ",
              anyOf(
                  "ayud\\w*|asist\\w*|proporcion\\w*|prove\\w*|ofrec\\w*|cumpl\\w*",
                  "redact\\w*|gener\\w*|crear\\w*|escrib\\w*|compart\\w*",
                  "dar(?:te|le|les)?\\b|decir\\w*|respond\\w*|facilit\\w*|realiz\\w*",
                  "revel\\w*|divulg\\w*|brind\\w*|atend\\w*|satisfac\\w*|hacer\\b|hacerlo",
                  "continuar con\\w*")),
          phrase(
              "rechazar|declinar|niego",
              "\\b(?:debo|tengo que) (?:rechazar|declinar)\\b|\\bme niego a\\b"),
          // "não posso ajudar", "não vou conseguir ajudar"
          phrase(
              "não ",
              "\\bnão ",
              anyOf(
                  "posso|consigo|poderei|conseguirei|vou conseguir|vou poder|vou",
                  "sou capaz de|estou autorizad[oa] a|estou em condições de|me é possível",
                  "tenho permissão para"),
              "(?: (?:te|lhe|lhes|o|a|os|as))? ",
              anyOf(
                  "ajud\\w*|assist\\w*|fornec\\w*|atend\\w*|gerar\\w*|criar\\w*",
                  "escrev\\w*|redig\\w*|compartilh\\w*|respond\\w*|proporcion\\w*",
                  "realiz\\w*|dizer\\w*|oferec\\w*|revel\\w*|divulg\\w*|cumpr\\w*",
                  "prest\\w*|fazer (?:isso|isto|o que)|fazê-lo|dar\\b|passar\\w*",
                  "continuar com\\w*|prosseguir\\w*")),
          phrase(
              "recusar|declinar|recuso",
              "\\b(?:devo|tenho que|preciso) (?:recusar|declinar)\\b|\\bme recuso a\\b"),
          // "non posso aiutarti"
          phrase(
              "non ",
              "\\bnon ",
              anyOf(
                  "posso|potrò|sono in grado di|mi è possibile|sono autorizzat[oa] a", "riesco a"),
              "(?: (?:ti|le|vi|gli|la|lo))? ",
              anyOf(
                  "aiut\\w*|forni\\w*|soddisf\\w*|rispond\\w*|crear\\w*|gener\\w*",
                  "scriv\\w*|condivid\\w*|dir(?:ti|le|vi|gli)?\\b|dar(?:e|ti|le|vi)\\b",
                  "fare (?:questo|ciò|quello)|farlo|assist\\w*|esegu\\w*|divulg\\w*",
                  "rivel\\w*|redig\\w*|prest\\w*|offr\\w*|continuare\\b")),
          phrase("devo ", "\\bdevo (?:rifiutare|declinare)\\b"));

  // ---- French ----

  private static final List<Phrase> FRENCH =
      List.of(
          // "je ne peux pas vous aider", "il m'est impossible de partager"
          phrase(
              "je ne|m'est|crains|ne pas",
              anyOf(
                  "\\bje ne (?:peux|pourrai|pourrais|puis)(?: malheureusement)? pas",
                  "\\bje ne suis (?:malheureusement )?pas (?:en"
                      + " mesure|autorisée?|habilitée?|capable)",
                  "\\bil m'est (?:malheureusement )?(?:impossible|interdit)",
                  "\\bil ne m'est pas possible|\\bje crains de ne pas pouvoir",
                  "\\bje (?:préfère|préférerais) ne pas|\\bje ne vais pas"),
              " ?(?:de |d'|à )?(?:vous |te |t'|lui |leur |y |en |l'|les |le |la )?",
              anyOf(
                  "aid\\w*|répond\\w*|fourn\\w*|rédig\\w*|donn\\w*|trait\\w*|partag\\w*",
                  "divulg\\w*|effectu\\w*|génér\\w*|cré\\w*|écri\\w*|produi\\w*|fair\\w*",
                  "assist\\w*|satisf\\w*|communiqu\\w*|accompl\\w*|transmett\\w*|dire\\b",
                  "révél\\w*|particip\\w*|continuer\\b|donner suite")),
          phrase(
              "refuser|décliner|m'est",
              "\\bje (?:dois|me vois (?:contrainte?|obligée?) de) (?:\\w+"
                  + " )?(?:refuser|décliner)\\b",
              "|^(?:cela|ce|ça) ne m'est pas possible\\b"));

  // ---- German, Dutch ----

  /** Within one clause: German puts the verb last, so subject, negation and verb are apart. */
  private static final String CLAUSE = "[^.!?;:\\n]";

  private static final List<Phrase> GERMANIC =
      List.of(
          // "ich kann Ihnen dabei nicht helfen", "das kann ich leider nicht tun"
          phrase(
              "nicht|keine",
              "(?:\\bich\\b",
              CLAUSE,
              "{0,50}?\\b(?:kann|darf|werde)\\b|\\b(?:kann|darf|werde) ich\\b)",
              CLAUSE,
              "{0,60}?\\b(?:nicht|keine[nmrs]?)\\b",
              CLAUSE,
              "{0,60}?\\b",
              anyOf(
                  "\\w*helfen|machen|tun|geben|erfüllen|nennen|beantworten|behilflich",
                  "herausgeben|bereitstellen|liefern|erstellen|schreiben|verfassen|teilen",
                  "weitergeben|mitteilen|sagen|anbieten|generieren|unterstützen|ausführen",
                  "nachkommen|umsetzen|preisgeben|offenlegen|zur verfügung stellen",
                  "bearbeiten|durchführen|übernehmen|erledigen|fortfahren"),
              "\\b"),
          phrase(
              "nicht|ablehnen|zurückweisen",
              "\\bich bin (?:leider )?nicht in der lage\\b",
              "|\\bich muss (?:diese anfrage |ihre anfrage |das |dies |dieses anliegen )?",
              "(?:leider )?(?:ablehnen|zurückweisen)\\b",
              "|\\b(?:es|das) ist mir (?:leider )?nicht (?:möglich|gestattet|erlaubt)\\b"),
          // Dutch: "daar kan ik je niet mee helpen"
          phrase(
              "niet",
              "(?:\\bik kan\\b|\\bkan ik\\b|\\bik mag\\b|\\bmag ik\\b)",
              CLAUSE,
              "{0,40}?\\bniet\\b",
              CLAUSE,
              "{0,30}?\\b",
              anyOf(
                  "helpen|delen|geven|doen|beantwoorden|maken|leveren|verstrekken|voldoen",
                  "schrijven|assisteren|verschaffen"),
              "\\b"),
          phrase(
              "niet|weigeren",
              "\\bik ben (?:helaas )?niet in staat\\b",
              "|\\bik moet (?:dit verzoek |dat |dit )?(?:helaas )?weigeren\\b"));

  // ---- Russian ----

  private static final List<Phrase> RUSSIAN =
      List.of(
          // "я не могу помочь", "не могу это сделать"
          phrase(
              "могу|состоянии|имею",
              "\\bне (?:могу|смогу|в состоянии|имею права)",
              "(?: (?:вам|тебе|вас|это|этого|этим|с этим))? ",
              anyOf(
                  "помо|предостав|выполн|ответ|созда|написа|дать|сдела|подел|сообщ",
                  "генерир|раскры|сгенерир|оказа"),
              "\\w*"),
          phrase("отказать", "\\bвынужден[аы]? отказать"));

  // ---- Chinese, Japanese, Korean (no spaces between words) ----

  private static final String ZH_ACTION =
      anyOf("帮|协助|提供|回答|满足|生成|完成|编写|创建|写|做|告诉|分享|处理|透露|讨论|执行|参与|答复|支持|给出|回应|制作|撰写", "继续");

  private static final String ZH_TO_YOU = "(?:为您|为你|帮您|帮你|给您|给你|向您|向你|替您|替你|对此)?";

  private static final String ZH_CANNOT = anyOf("无法|不能|没办法|没有办法|不可以|不便");

  private static final String JA_CANNOT =
      anyOf("でき(?:ません|かねます)|いたしかねます|しかねます|できない(?:んです|のです|です)?(?=[。！？\\n]|$)");

  private static final String JA_APOLOGY = anyOf("申し訳|すみません|ごめんなさい|恐れ入りますが|残念ながら|あいにく");

  private static final List<Phrase> CJK =
      List.of(
          // "我无法帮助你", "我不能提供"
          phrase("无法|不能|办法|不可以|不便", "我(?:目前|暂时|恐怕)?", ZH_CANNOT, ZH_TO_YOU, ZH_ACTION),
          // "抱歉，这个问题无法回答": an apology, then "cannot + verb" in the first sentence
          phrase(
              "无法|不能|办法",
              "^",
              anyOf("抱歉|对不起|很抱歉|非常抱歉|不好意思|很遗憾|遗憾的是"),
              "[^。！？\\n]{0,15}?(?:无法|不能|没办法)",
              ZH_TO_YOU,
              ZH_ACTION),
          phrase("拒绝|婉拒", "我(?:必须|只能|不得不)(?:拒绝|婉拒)"),
          phrase("帮不|无能为力|做不到|办不到", "我(?:恐怕|实在|真的)?(?:帮不了|帮不上|无能为力|做不到|办不到)"),
          phrase("超出", "超出了?(?:我的)?(?:我能|我可以)?[^。！？\\n]{0,10}?(?:能力|范围|职责)"),
          // "お手伝いできません", "提供することはできません": a verb of helping before a polite "cannot"
          phrase(
              "でき|かねます",
              anyOf(
                  "お応え|お答え|お手伝い|手伝う|対応|提供|作成|開示|お伝え|回答|お教え|教える|ご案内|ご提供|お引き受け|協力|生成|お力になる",
                  "お受け|支援|共有|ご協力"),
              "(?:すること|いたすこと|こと)?(?:は|も|が)?",
              JA_CANNOT),
          // An apology, then "cannot", in the first sentence; the apology alone
          // ("お待たせして申し訳ありません") is not enough.
          phrase("でき|かねます", "^", JA_APOLOGY, "[^。！？\\n]*?(?:こと|の)?(?:は|も)?", JA_CANNOT),
          phrase("受け|応じ", "(?:引き受け|お受け|受け付け|応じ)(?:られ|でき|かね)(?:ません|ます)"),
          // Korean: a verb of helping, then "cannot" (수 없습니다)
          phrase(
              "수 없",
              anyOf("도와|도움을|제공|답변|알려|응|처리|작성|생성|안내|공유|지원|수행|응답"),
              "[가-힣]{0,4} ?수 (?:없습니다|없어요|없네요|없다)"));

  /** Every refusal phrase, in the order they are tried. */
  static final List<Phrase> PHRASES =
      Stream.of(ENGLISH, ROMANCE, FRENCH, GERMANIC, RUSSIAN, CJK).flatMap(List::stream).toList();

  /** An answer that opens with an apology; only ever a bonus, never a refusal by itself. */
  static final Pattern APOLOGY_OPENING =
      compile(
          "^",
          anyOf(
              "i'm sorry|i am sorry|sorry|i apologi[sz]e|apologies|unfortunately",
              "i'm afraid|lo siento|lo lamento|disculp|perdón|lamentablemente|me temo",
              "désolée?|je suis désolée?|je regrette|malheureusement|je crains",
              "es tut mir leid|tut mir leid|leider|entschuldig|desculp|sinto muito",
              "lamento|infelizmente|peço desculpas|mi dispiace|purtroppo|извините",
              "к сожалению|het spijt me|抱歉|对不起|很抱歉|不好意思|很遗憾|申し訳|すみません|ごめんなさい|恐れ入りますが",
              "残念ながら|죄송"));

  /** "As an AI language model, I..." and its translations, at the very start. */
  static final Pattern AI_DISCLAIMER =
      compile(
          "^",
          anyOf(
              "as an? (?:ai|artificial intelligence|large language model|language model|llm|ai"
                  + " language model|ai assistant|ai model|ai chatbot)(?:"
                  + " (?:developed|created|made|built|trained) by [\\w .-]{1,30}?)?, i\\b",
              "como (?:un |una |um |uma )?(?:modelo de (?:lenguaje|linguagem|ia|inteligencia"
                  + " artificial)|ia|inteligencia artificial|inteligência artificial|asistente(?:"
                  + " virtual| de ia)?|assistente(?: virtual| de ia)?)\\b",
              "en tant qu(?:e |')(?:ia|intelligence artificielle|modèle de langage|assistante?(?:"
                  + " virtuel(?:le)?| ia)?|agent conversationnel)\\b",
              "als (?:ki|ki-sprachmodell|ki-modell|sprachmodell|künstliche"
                  + " intelligenz|ki-assistent(?:in)?)\\b",
              "come (?:un |una )?(?:modello (?:linguistico|di linguaggio|di ia)|ia|intelligenza"
                  + " artificiale|assistente (?:virtuale|ia))\\b",
              "как (?:языковая модель|ии|искусственный интеллект|ии-ассистент)\\b",
              "作为(?:一个|一名|一款)?(?:人工智能|ai)(?:语言模型|助手|模型|程序)?",
              "(?:ai|人工知能)(?:言語モデル|アシスタント|モデル)?として|ai ?(?:언어 ?모델|어시스턴트|모델)?(?:로서|으로서)"));

  /**
   * What {@link #AI_DISCLAIMER} opens with, one of which must be the very start of the answer: the
   * cues of {@link Phrase}, for a pattern anchored at the start.
   */
  static final List<String> AI_DISCLAIMER_CUES =
      List.of("as a", "como ", "en tant qu", "als ", "come ", "как ", "作为", "ai", "人工知能");

  /**
   * A negation after the disclaimer: "As an AI, I don't have access..." but not "As an AI, I love".
   */
  static final Pattern NEGATION =
      compile(
          "n't\\b|\\b(?:not|cannot|unable|no|ne|nicht|kein\\w*|não|non|не)\\b|n'",
          "|无法|不能|没有|でき(?:ません|ない)|ありません|없");

  /** Words that make "I can't..." a hedge: "I can't give you an exact figure, but...". */
  static final Pattern HEDGE_WORD =
      compile(
          "\\b",
          anyOf(
              "exact\\w*|precise\\w*|definitive\\w*|for (?:certain|sure)|100%|genau",
              "exakt|sicher|mit sicherheit|exactamente|con (?:certeza|seguridad)",
              "précisément|exactement|avec certitude|exatamente|com certeza",
              "con certezza|esattamente|точно"),
          "\\b");

  /** A "but" that continues the sentence. */
  static final Pattern BUT = compile(", (?:but|aber|pero|mais|mas|ma|но)\\b");

  /** "..., but in general ...", "..., but here's ...": the sentence goes on to answer after all. */
  static final Pattern BUT_ANSWERS =
      compile(
          ", (?:but|aber|pero|mais|mas|ma|но) ",
          anyOf(
              "in general|generally|here's|here is|typically|usually|roughly|broadly",
              "im allgemeinen|en general|en général|em geral|in generale"),
          "\\b");
}
