package dev.lifeline.provider.openai;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Strict mode only for schemas OpenAI accepts as strict; any other is sent without it. */
class StrictSchemasTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @ParameterizedTest(name = "{1}: {0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "{'type':'object','properties':{'a':{'type':'string'}},'required':['a'],'additionalProperties':false} | true",
        "{'type':'object','properties':{},'additionalProperties':false} | true",
        "{'type':'object','properties':{'a':{'type':'string'}},'required':['a']} | false",
        "{'type':'object','properties':{'a':{'type':'string'},'b':{'type':'string'}},'required':['a'],'additionalProperties':false} | false",
        "{'type':'object','properties':{'a':{'type':'string'}},'required':['a'],'additionalProperties':true} | false",
        "{'type':'object'} | false",
        "{'type':'array','items':{'type':'string'}} | false",
        "{'type':'object','properties':{'o':{'type':'object','properties':{'x':{'type':'number'}},'required':['x']}},'required':['o'],'additionalProperties':false} | false",
        "{'type':'object','properties':{'o':{'type':'object','properties':{'x':{'type':'number'}},'required':['x'],'additionalProperties':false}},'required':['o'],'additionalProperties':false} | true",
        "{'type':'object','properties':{'l':{'type':'array','items':{'type':'object','properties':{'x':{'type':'number'}}}}},'required':['l'],'additionalProperties':false} | false",
        "{'type':'object','properties':{'v':{'anyOf':[{'type':'string'},{'type':'object','properties':{}}]}},'required':['v'],'additionalProperties':false} | false",
        "{'type':'object','properties':{'v':{'$ref':'#/$defs/p'}},'required':['v'],'additionalProperties':false,'$defs':{'p':{'type':'object','properties':{'n':{'type':'string'}},'required':['n'],'additionalProperties':false}}} | true",
        "{'type':['object','null'],'properties':{}} | false",
      })
  void strictOnlyWhenEveryObjectIsClosedAndFullyRequired(String schema, boolean strict)
      throws Exception {
    assertThat(StrictSchemas.qualifies(JSON.readTree(schema.replace('\'', '"')))).isEqualTo(strict);
  }
}
